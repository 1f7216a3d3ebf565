// The pool lab's client; runs inside the client namespace (see pool.ts). Every run is bounded in count and time.
// Usage:
//   node pool-client.mjs count <host> <port> <n> <concurrency>   n HTTP GETs; prints {"names":{…},"failed":n,"ms":…}
//   node pool-client.mjs hold <host> <port> <log> <every ms>     one long-lived connection: a line every interval,
//        each answer appended to <log> as {"t":…,"name":…}; {"t":…,"event":"closed"|"error"} when it ends (exit 0)
//   node pool-client.mjs probe <host> <port> <every ms> <for ms>  a new GET every interval for a while: one JSON
//        line per attempt, {"sentAt":…,"doneAt":…,"name":…|null} (bench/takeover-pool.ts)
import { appendFileSync } from "node:fs";
import net from "node:net";

const [mode, host, portText, a, b] = process.argv.slice(2);
const port = Number(portText);

function get() {
  return new Promise((resolve) => {
    let body = "";
    const socket = net.connect({ host, port, timeout: 3000 }, () => socket.write("GET / HTTP/1.0\r\nHost: pool\r\n\r\n"));
    socket.on("data", (chunk) => (body += chunk.toString("latin1")));
    socket.on("timeout", () => socket.destroy(new Error("timeout")));
    socket.on("error", () => resolve(null));
    socket.on("close", () => {
      const text = body.split("\r\n\r\n")[1];
      resolve(body.startsWith("HTTP/1.0 200") && text ? text.trim() : null);
    });
  });
}

async function count(n, concurrency) {
  const started = Date.now();
  const names = {};
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      const name = await get();
      if (name === null) failed += 1;
      else names[name] = (names[name] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  process.stdout.write(`${JSON.stringify({ names, failed, ms: Date.now() - started })}\n`);
}

function hold(log, every) {
  const write = (record) => appendFileSync(log, `${JSON.stringify({ t: Date.now(), ...record })}\n`);
  const socket = net.connect({ host, port }, () => write({ event: "open" }));
  socket.setNoDelay(true);
  let buffered = "";
  socket.on("data", (chunk) => {
    buffered += chunk.toString("latin1");
    let at = buffered.indexOf("\n");
    while (at !== -1) {
      write({ name: buffered.slice(0, at) });
      buffered = buffered.slice(at + 1);
      at = buffered.indexOf("\n");
    }
  });
  const timer = setInterval(() => socket.write("ping\n"), every);
  // Bounded: at most ten minutes, whatever the test does.
  const limit = setTimeout(() => socket.destroy(), 600_000);
  socket.on("error", (error) => write({ event: "error", message: error.code ?? error.message }));
  socket.on("close", () => {
    write({ event: "closed" });
    clearInterval(timer);
    clearTimeout(limit);
  });
  for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
}

async function probe(every, duration) {
  const end = Date.now() + Math.min(duration, 120_000);
  const pending = [];
  while (Date.now() < end) {
    const sentAt = Date.now();
    pending.push(get().then((name) => process.stdout.write(`${JSON.stringify({ sentAt, doneAt: Date.now(), name })}\n`)));
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  await Promise.all(pending);
}

if (mode === "count") await count(Number(a), Number(b ?? 20));
else if (mode === "hold") hold(a, Number(b ?? 200));
else if (mode === "probe") await probe(Number(a), Number(b));
else throw new Error("usage: pool-client.mjs count|hold …");
