// What scripts/serve.mjs answers itself, before Next.js sees a request. Next.js turns every request into a
// fetch Request, which cannot carry TRACE (the constructor throws, so the client got a 500), and it answers other
// unknown methods with a bare 400. Any method outside the seven the dashboard uses gets a 405 with Allow instead.
export const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];

/** True when the request was answered here (the caller must not pass it on). */
export function refuseUnknownMethod(req, res) {
  if (METHODS.includes(req.method ?? "")) return false;
  // Pages are only read; the API's own routes each take a subset of the seven.
  const allow = (req.url ?? "").startsWith("/api/") ? METHODS.join(", ") : "GET, HEAD";
  const message = `${req.method} is not a method this server answers; the Allow header lists those it does`;
  res.writeHead(405, {
    allow,
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(JSON.stringify({ error: { code: "method_not_allowed", message } }));
  req.resume();
  return true;
}
