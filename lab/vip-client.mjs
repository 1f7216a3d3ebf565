// The shared-VIP lab's clients (inside the client namespace; see vip-lab.ts), one per source address.
//   node vip-client.mjs probe '{"vip":"…","sources":["…"],"waitMs":400}'
//     one UDP datagram from each source to vip:9000; prints {"<source>":["<node>",…]}: who answered each
//   node vip-client.mjs watch '{"vip":"…","sources":["…"],"everyMs":20}'
//     rounds of datagrams until killed, answers as lines (see below)
//   node vip-client.mjs hold '{"vip":"…","sources":["…"],"everyMs":100,"log":"/path.jsonl"}'
//     one TCP connection to vip:8080 from each source, kept open and pinged every everyMs; appends
//     {"event":"open"|"reset"|"close"|"stall",source,node,t} lines; runs until killed (SIGTERM: closes them cleanly).
import dgram from "node:dgram";
import { appendFileSync } from "node:fs";
import net from "node:net";

const [mode, json] = process.argv.slice(2);
const config = JSON.parse(json ?? "{}");

if (mode === "probe") {
  const answers = Object.fromEntries(config.sources.map((s) => [s, []]));
  const sockets = config.sources.map((source) => {
    const socket = dgram.createSocket("udp4");
    socket.on("message", (msg) => answers[source].push(msg.toString().split(" ")[0]));
    socket.on("error", () => {});
    socket.bind({ address: source, port: 0 }, () => socket.send("who", 9000, config.vip));
    return socket;
  });
  setTimeout(() => {
    for (const s of sockets) s.close();
    process.stdout.write(`${JSON.stringify(answers)}\n`);
  }, config.waitMs ?? 400);
} else if (mode === "watch") {
  // Rounds of one datagram per source every everyMs until killed; each answer printed as "<round> <sentAt> <source>
  // <node> <at>" on standard output (the takeover benchmark reads it).
  const sent = [];
  const sockets = config.sources.map((source) => {
    const socket = dgram.createSocket("udp4");
    socket.on("message", (msg) => {
      const [node, round] = msg.toString().split(" ");
      process.stdout.write(`${round} ${sent[Number(round)]} ${source} ${node} ${Date.now()}\n`);
    });
    socket.on("error", () => {});
    socket.bind({ address: source, port: 0 });
    return socket;
  });
  setInterval(() => {
    const round = sent.length;
    sent.push(Date.now());
    for (const s of sockets) s.send(String(round), 9000, config.vip);
  }, config.everyMs ?? 20);
  process.stdout.write(`started ${Date.now()}\n`);
} else if (mode === "hold") {
  const log = (record) => appendFileSync(config.log, `${JSON.stringify({ ...record, t: Date.now() })}\n`);
  const held = [];
  for (const source of config.sources) {
    const socket = net.connect({ host: config.vip, port: 8080, localAddress: source });
    const state = { socket, source, node: null, sent: 0, got: 0, buffer: "" };
    held.push(state);
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      state.buffer += chunk.toString();
      for (let at = state.buffer.indexOf("\n"); at >= 0; at = state.buffer.indexOf("\n")) {
        const line = state.buffer.slice(0, at);
        state.buffer = state.buffer.slice(at + 1);
        if (state.node === null) {
          state.node = line;
          log({ event: "open", source, node: line });
        } else state.got++;
      }
    });
    socket.on("error", (error) => log({ event: error.code === "ECONNRESET" ? "reset" : "error", source, node: state.node, detail: error.code }));
    socket.on("close", () => log({ event: "close", source, node: state.node }));
  }
  setInterval(() => {
    for (const s of held) if (s.node !== null && !s.socket.destroyed) s.socket.write(`ping ${++s.sent}\n`);
  }, config.everyMs ?? 100);
  process.on("SIGTERM", () => {
    for (const s of held) log({ event: "summary", source: s.source, node: s.node, sent: s.sent, got: s.got });
    process.exit(0);
  });
} else {
  process.stderr.write("usage: vip-client.mjs probe|hold <json>\n");
  process.exit(2);
}
