// Production entry: Next.js behind a plain Node HTTP server, for two reasons. Route handlers cannot see the
// socket, and `next start` passes a client's own X-Forwarded-For through untouched, so the audit log and the
// sign-in throttle would trust a forged address. Here the header is rewritten from the socket: replaced by the
// peer's address, or (WAYMARK_TRUST_PROXY=true, behind a proxy you run) the peer appended to the proxy's list.
// And a method Next.js cannot represent (TRACE) would end in a 500: serve-guards.mjs answers those with a 405.
import { createServer } from "node:http";
import next from "next";
import { refuseUnknownMethod } from "./serve-guards.mjs";

const hostname = process.env.WAYMARK_HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
const trustProxy = process.env.WAYMARK_TRUST_PROXY === "true";

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  if (refuseUnknownMethod(req, res)) return;
  const peer = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = trustProxy && forwarded ? `${forwarded}, ${peer}` : peer;
  handle(req, res).catch((error) => {
    // Next.js renders its own errors; this only catches a failure of the handler itself, which must not end
    // the process for every other user.
    console.error("waymark: request failed", error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end('{"error":{"code":"internal","message":"internal error"}}');
  });
});

server.listen(port, hostname, () => console.log(`waymark: listening on http://${hostname}:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
