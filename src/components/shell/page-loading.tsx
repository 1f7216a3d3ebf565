// What a route shows while its server component renders: a spinner and what is coming, announced once to screen
// readers (role="status"), with a skeleton in the shape of a page so the layout does not jump when it arrives.
export function PageLoading({ what }: { what: string }) {
  return (
    <div className="space-y-6" data-testid="page-loading">
      <div role="status" className="flex items-center gap-3 text-sm text-slate-600">
        <span aria-hidden="true" className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-sky-700 motion-reduce:animate-none" />
        Loading {what}…
      </div>
      <div aria-hidden="true" className="space-y-4">
        <div className="h-8 w-64 max-w-full animate-pulse rounded bg-slate-200 motion-reduce:animate-none" />
        <div className="h-32 animate-pulse rounded-lg bg-slate-100 motion-reduce:animate-none" />
        <div className="h-32 animate-pulse rounded-lg bg-slate-100 motion-reduce:animate-none" />
      </div>
    </div>
  );
}
