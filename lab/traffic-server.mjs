// TCP truth server for the WAN lab; runs inside the lab's "internet" namespace (see traffic.ts).
// Usage: node traffic-server.mjs '{"hosts":["192.0.2.10"],"ports":[8080],"log":"/path/connections.jsonl"}'
// Every accepted connection is appended to the log as {"event":"open",id,peer,peerPort,local,localPort,t}
// BEFORE the same record is sent to the client as one JSON line; afterwards the server echoes whatever the
// client sends, and logs {"event":"close",id,bytesIn,t} when the connection ends.
import { appendFileSync } from "node:fs";
import net from "node:net";

const config = JSON.parse(process.argv[2] ?? "{}");
const hosts = config.hosts ?? ["0.0.0.0"];
const ports = config.ports ?? [8080];
const log = (record) => appendFileSync(config.log, `${JSON.stringify(record)}\n`);
const plain = (address) => (address ?? "").replace(/^::ffff:/, "");

let nextId = 0;
let listening = 0;

function onConnection(socket) {
  const id = ++nextId;
  const open = {
    event: "open",
    id,
    peer: plain(socket.remoteAddress),
    peerPort: socket.remotePort,
    local: plain(socket.localAddress),
    localPort: socket.localPort,
    t: Date.now(),
  };
  log(open);
  let bytesIn = 0;
  let closed = false;
  socket.setNoDelay(true);
  socket.write(`${JSON.stringify(open)}\n`);
  socket.on("data", (chunk) => {
    bytesIn += chunk.length;
    socket.write(chunk);
  });
  socket.on("end", () => socket.end());
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    if (closed) return;
    closed = true;
    log({ event: "close", id, bytesIn, t: Date.now() });
  });
}

for (const host of hosts) {
  for (const port of ports) {
    const server = net.createServer(onConnection);
    server.on("error", (error) => {
      process.stderr.write(`traffic-server: ${host}:${port}: ${error.message}\n`);
      process.exit(1);
    });
    server.listen({ host, port, backlog: 4096 }, () => {
      if (++listening === hosts.length * ports.length) process.stdout.write(`traffic-server listening pid=${process.pid}\n`);
    });
  }
}

for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
