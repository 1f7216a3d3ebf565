export function Forbidden({ requiredRole }: { requiredRole: string }) {
  return (
    <div className="card" role="alert">
      <h1 className="text-lg font-semibold">Not allowed</h1>
      <p className="text-sm text-slate-600">This page needs the {requiredRole} role.</p>
    </div>
  );
}
