// The anycast lab's client: opens `count` TCP connections to the service address (each from a new source port),
// at most `concurrency` at a time, reads the server's name and closes. Prints {"answers":{"web-1":n,…},"failed":n}.
// Usage: node anycast-client.mjs '{"host":"192.0.2.53","port":8053,"count":200,"concurrency":20,"timeoutMs":1500}'
import net from "node:net";

const o = JSON.parse(process.argv[2] ?? "{}");
const answers = {};
let failed = 0;

function once() {
  return new Promise((resolve) => {
    let buffer = "";
    let done = false;
    const socket = net.connect({ host: o.host, port: o.port });
    const finish = (name) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (name) answers[name] = (answers[name] ?? 0) + 1;
      else failed += 1;
      resolve();
    };
    const timer = setTimeout(() => finish(null), o.timeoutMs ?? 1500);
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const at = buffer.indexOf("\n");
      if (at >= 0) finish(buffer.slice(0, at));
    });
    socket.on("error", () => finish(null));
    socket.on("close", () => finish(null));
  });
}

let started = 0;
async function worker() {
  while (started < (o.count ?? 1)) {
    started += 1;
    await once();
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 1, o.count ?? 1)) }, worker));
process.stdout.write(`${JSON.stringify({ answers, failed })}\n`);
