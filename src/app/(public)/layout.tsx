import type { ReactNode } from "react";

export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <div className="text-2xl font-semibold tracking-tight text-sky-800">Waymark</div>
          <div className="text-sm text-slate-500">load balancing and failover for your gateways</div>
        </div>
        {children}
      </div>
    </main>
  );
}
