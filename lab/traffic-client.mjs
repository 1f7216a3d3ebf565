// TCP client for the WAN lab; runs inside a LAN client namespace (see traffic.ts).
// Usage: node traffic-client.mjs '{"host":"192.0.2.10","port":8080,"count":20,"concurrency":1,"timeoutMs":2000}'
// Opens `count` connections, at most `concurrency` at a time, and prints one JSON array with, per
// connection: {ok, seenAs, seenPort, localPort, ms, echoes, error?}. `seenAs` is the source address the
// internet server saw (after the gateway's NAT). With holdMs > 0 each connection stays open that long,
// sending a byte every echoEveryMs and failing with "stalled" if an echo takes longer than timeoutMs.
import net from "node:net";
import { performance } from "node:perf_hooks";

const o = JSON.parse(process.argv[2] ?? "{}");
const host = o.host ?? "192.0.2.10";
const port = o.port ?? 8080;
const count = o.count ?? 1;
const concurrency = Math.max(1, Math.min(o.concurrency ?? 1, count));
const timeoutMs = o.timeoutMs ?? 2000;
const holdMs = o.holdMs ?? 0;
const echoEveryMs = o.echoEveryMs ?? 100;

function connectOnce() {
  return new Promise((resolve) => {
    const started = performance.now();
    const now = () => performance.now() - started;
    const result = { ok: false, seenAs: null, seenPort: null, localPort: null, ms: 0, echoes: 0 };
    let buffer = "";
    let greeted = false;
    let holding = false;
    let done = false;
    const unanswered = []; // send times (ms since start) of echo bytes not yet returned
    const timers = [setTimeout(() => finish(false, "timeout"), timeoutMs)];

    const socket = net.connect({ host, port });
    socket.setNoDelay(true);

    function finish(ok, error) {
      if (done) return;
      done = true;
      for (const timer of timers) clearTimeout(timer); // clears intervals too
      result.ok = ok;
      result.ms = Math.round(now() * 10) / 10;
      if (error) result.error = error;
      if (ok) socket.end();
      else socket.destroy();
      resolve(result);
    }

    function tick() {
      const oldest = unanswered[0];
      if (oldest !== undefined && now() - oldest > timeoutMs) {
        result.stalledAtMs = Math.round(oldest);
        return finish(false, "stalled");
      }
      if (holding) {
        unanswered.push(now());
        socket.write("x");
      } else if (oldest === undefined) finish(true);
    }

    socket.on("connect", () => (result.localPort = socket.localPort));
    socket.on("data", (chunk) => {
      if (greeted) {
        result.echoes += chunk.length;
        unanswered.splice(0, chunk.length);
        return;
      }
      buffer += chunk.toString("utf8");
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      greeted = true;
      clearTimeout(timers[0]);
      try {
        const record = JSON.parse(buffer.slice(0, newline));
        result.seenAs = record.peer;
        result.seenPort = record.peerPort;
      } catch {
        return finish(false, "bad greeting");
      }
      if (holdMs <= 0) return finish(true);
      holding = true;
      timers.push(setInterval(tick, Math.min(echoEveryMs, timeoutMs)));
      timers.push(setTimeout(() => (holding = false), holdMs));
    });
    socket.on("error", (error) => finish(false, error.code ?? error.message));
    socket.on("close", () => finish(false, greeted ? "closed by peer" : "closed before greeting"));
  });
}

const results = new Array(count);
let next = 0;
async function worker() {
  while (next < count) {
    const index = next++;
    results[index] = await connectOnce();
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${JSON.stringify(results)}\n`);
