// The anycast lab's service on each server namespace: answers every TCP connection with its server's name and a
// newline, then keeps the connection open (echoing) until the client closes it, so long-lived connections can be held.
// Usage: node anycast-service.mjs <port> <name>
import net from "node:net";

const [port, name] = [Number(process.argv[2]), process.argv[3] ?? "server"];
const server = net.createServer((socket) => {
  socket.on("error", () => undefined);
  socket.write(`${name}\n`);
  socket.on("data", (chunk) => socket.write(chunk));
});
server.listen(port, "0.0.0.0", () => process.stdout.write(`anycast-service ${name} listening on ${port}\n`));
