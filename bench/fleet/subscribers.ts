// SSE clients of the dashboard, in their own process (so their parsing is not charged to the dashboard or the
// benchmark): real HTTP streams on loopback, signed in with a session cookie (env BENCH_COOKIE).
// Usage: npx tsx bench/fleet/subscribers.ts --base http://127.0.0.1:3291 --devices id1,id2 --count 10 [--fleet]
// Prints JSON lines:
//   {"t":"marker","sub":i,"device":id,"marker":k,"recv":ms,"readAt":ms}  a subscriber first saw bump k
//   {"t":"poll","device":id,"recv":ms,"readAt":ms,"pollMs":n,"state":s}  every update, from the first subscriber of each device
//   {"t":"fleet","recv":ms,"device":id,"readAt":ms}                     every fleet row (--fleet)
//   {"t":"open","sub":i} / {"t":"error","sub":i,"message":…}
import { parseArgs } from "node:util";

import { markerOf } from "./subscribers-markers";

const { values } = parseArgs({
  options: {
    base: { type: "string" },
    devices: { type: "string", default: "" },
    count: { type: "string", default: "0" },
    fleet: { type: "boolean", default: false },
  },
});
const base = values.base ?? "http://127.0.0.1:3291";
const cookie = process.env.BENCH_COOKIE ?? "";
const devices = values.devices ? values.devices.split(",") : [];

const emit = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

type SseEvent = { event: string; data: string };

/** Reads a text/event-stream reply event by event; comments (keep-alives) are skipped. */
async function stream(url: string, onEvent: (event: SseEvent) => void): Promise<void> {
  const reply = await fetch(url, { headers: { cookie, accept: "text/event-stream" } });
  if (!reply.ok || !reply.body) throw new Error(`${url}: ${reply.status} ${await reply.text()}`);
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = reply.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) onEvent({ event, data: data.join("\n") });
    }
  }
}

type Live = { deviceId: string; state: string; pollMs: number | null; reading: { readAtMs: number; rules: { packets: string | null }[] } | null };

async function subscriber(sub: number, device: string, reportsPolls: boolean): Promise<void> {
  let seen = -1;
  const onLive = (live: Live | null) => {
    const recv = Date.now();
    if (!live) return;
    if (reportsPolls) emit({ t: "poll", device, recv, readAt: live.reading?.readAtMs ?? null, pollMs: live.pollMs, state: live.state });
    const marker = markerOf(live.reading?.rules ?? []);
    if (marker > seen) {
      seen = marker;
      emit({ t: "marker", sub, device, marker, recv, readAt: live.reading?.readAtMs ?? null });
    }
  };
  await stream(`${base}/api/v1/devices/${device}/live`, ({ event, data }) => {
    if (event === "snapshot") {
      emit({ t: "open", sub });
      onLive((JSON.parse(data) as { live: Live | null }).live);
    } else if (event === "update") onLive(JSON.parse(data) as Live);
  });
}

async function fleetWatcher(): Promise<void> {
  await stream(`${base}/api/v1/fleet/live`, ({ event, data }) => {
    const recv = Date.now();
    if (event === "snapshot") emit({ t: "open", sub: "fleet", rows: (JSON.parse(data) as { rows: unknown[] }).rows.length });
    else if (event === "row") {
      const row = JSON.parse(data) as { deviceId: string; readAt: number | null; state: string };
      emit({ t: "fleet", recv, device: row.deviceId, readAt: row.readAt, state: row.state });
    }
  });
}

const count = Number(values.count);
const running: Promise<void>[] = [];
for (let sub = 0; sub < count && devices.length > 0; sub++) {
  const device = devices[sub % devices.length]!;
  running.push(subscriber(sub, device, sub < devices.length).catch((error: unknown) => void emit({ t: "error", sub, message: String(error) })));
}
if (values.fleet) running.push(fleetWatcher().catch((error: unknown) => void emit({ t: "error", sub: "fleet", message: String(error) })));
await Promise.all(running);
