// The service a shared-VIP lab node runs (inside the node's namespace; see vip-lab.ts), answering with its name:
//   UDP 9000: a datagram "<words>" is answered with "<name> <words>" (the client counts who answers each);
//   TCP 8080: "<name>\n" on connect, then every line is echoed (long-lived connections that must never be reset);
//   HTTP 80: the node's service check target: 200 "<name>", or 503 while the file <failFile> exists.
// Usage: node vip-service.mjs '{"name":"n1","failFile":"/tmp/.../n1.fail"}'
import dgram from "node:dgram";
import { existsSync } from "node:fs";
import http from "node:http";
import net from "node:net";

const { name, failFile } = JSON.parse(process.argv[2] ?? "{}");

const udp = dgram.createSocket("udp4");
udp.on("message", (msg, rinfo) => udp.send(`${name} ${msg.toString().slice(0, 32)}`, rinfo.port, rinfo.address));
udp.bind(9000, "0.0.0.0");

net
  .createServer((socket) => {
    socket.on("error", () => {});
    socket.write(`${name}\n`);
    socket.pipe(socket);
  })
  .listen(8080, "0.0.0.0");

http
  .createServer((_req, res) => {
    const failing = failFile && existsSync(failFile);
    res.writeHead(failing ? 503 : 200, { "content-type": "text/plain", connection: "close" });
    res.end(failing ? "failing on purpose\n" : `${name}\n`);
  })
  .listen(80, "0.0.0.0", () => process.stdout.write("listening\n"));
