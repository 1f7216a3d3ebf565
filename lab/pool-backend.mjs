// A pool backend for the pool lab; runs inside a backend's namespace (see pool.ts).
// Usage: node pool-backend.mjs <name> <host> <port>
// HTTP: "GET /<anything>" is answered "200 OK" with the backend's name as the body, then closed ("GET /fail"
// answers 503). Anything else is a line protocol: every line received is answered with the name and a newline,
// and the connection stays open (the drain test's long-lived connection).
import net from "node:net";

const [name, host, port] = process.argv.slice(2);
if (!name || !host || !port) throw new Error("usage: pool-backend.mjs <name> <host> <port>");

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let buffered = "";
  let http = null;
  socket.on("data", (chunk) => {
    buffered += chunk.toString("latin1");
    if (http === null && buffered.length >= 4) http = buffered.startsWith("GET ");
    if (http === true) {
      if (!buffered.includes("\r\n\r\n")) return;
      const status = buffered.startsWith("GET /fail") ? "503 Service Unavailable" : "200 OK";
      socket.end(`HTTP/1.0 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${name}\n`);
      return;
    }
    if (http === false) {
      let at = buffered.indexOf("\n");
      while (at !== -1) {
        socket.write(`${name}\n`);
        buffered = buffered.slice(at + 1);
        at = buffered.indexOf("\n");
      }
    }
  });
  socket.on("error", () => socket.destroy());
});
server.listen(Number(port), host, () => process.stdout.write(`listening ${name} ${host}:${port}\n`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
