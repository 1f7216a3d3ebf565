// The delay from a counter changing on a router to SSE clients seeing it. The fleet sets a Waymark rule's packet
// counter of one of a few target routers to a marker value (./subscribers.ts MARKER_BASE + k × MARKER_STEP) and
// records when; subscribers on those devices' live streams print when they first see marker k. Bumps go round
// the targets 400–900 ms apart (random, so they fall anywhere in the poll interval), so one device is bumped at
// most every ~2.5 s with 5 targets: a bump is not overwritten by the next one before a 2 s poll reads it.
import { percentile } from "./measure";
import { type FleetProcess, lines, startSubscribers, stop } from "./processes";
import { MARKER_BASE, MARKER_STEP } from "./subscribers-markers";

export type DelayFigures = {
  subscribers: number;
  bumps: number;
  /** Deliveries seen (bumps × the subscribers of the bumped device), and how many of them never arrived. */
  deliveries: number;
  missed: number;
  /** Bump → an SSE client has it: the whole delay a user sees (includes waiting for the next poll). */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** The dashboard's reading time → an SSE client has it: poll, rates, observers, bus, SSE, the client's parse. */
  afterReadP50Ms: number | null;
  afterReadP95Ms: number | null;
  /** Poll durations of the target devices, from their updates' pollMs. */
  pollP50Ms: number | null;
  pollP95Ms: number | null;
};

const BUMPS = 30;
const SAME_DEVICE_GAP_MS = 2_600;
/** Markers count up across the phases of a run, so a marker of an earlier phase never counts as new. */
let nextMarker = 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Target = { index: number; id: string };

export async function measureDelay(options: {
  fleet: FleetProcess;
  base: string;
  cookie: string;
  targets: readonly Target[];
  subscribers: number;
}): Promise<DelayFigures> {
  const { fleet } = options;
  const targets = options.targets.slice(0, Math.max(1, Math.min(options.targets.length, options.subscribers)));
  const child = startSubscribers(
    options.base,
    options.cookie,
    targets.map((t) => t.id),
    options.subscribers,
    false,
  );
  const seen = new Map<string, { recv: number; readAt: number | null }>(); // `${sub}/${marker}`
  const subsOf = new Map<string, number>(); // device → subscribers
  const pollMs: number[] = [];
  let open = 0;
  lines(child, (line) => {
    const event = JSON.parse(line) as { t: string; sub: number; device: string; marker: number; recv: number; readAt: number | null; pollMs: number | null };
    if (event.t === "open") open += 1;
    else if (event.t === "marker") seen.set(`${event.sub}/${event.marker}`, { recv: event.recv, readAt: event.readAt });
    else if (event.t === "poll" && event.pollMs !== null) pollMs.push(event.pollMs);
    else if (event.t === "error") process.stderr.write(`subscriber: ${line}\n`);
  });
  for (let sub = 0; sub < options.subscribers; sub++) {
    const device = targets[sub % targets.length]!.id;
    subsOf.set(device, (subsOf.get(device) ?? 0) + 1);
  }
  try {
    const deadline = Date.now() + 30_000;
    while (open < options.subscribers && Date.now() < deadline) await sleep(100);
    await sleep(2_500); // every subscriber past its snapshot and first update
    const bumps: { marker: number; target: number; at: number }[] = [];
    for (let k = 0; k < BUMPS; k++) {
      const target = k % targets.length;
      const marker = nextMarker++;
      const packets = (MARKER_BASE + BigInt(marker) * MARKER_STEP).toString();
      const { at } = await fleet.call<{ at: number }>("POST", "/bump", { router: targets[target]!.index, packets });
      bumps.push({ marker, target, at });
      await sleep(SAME_DEVICE_GAP_MS / targets.length + Math.random() * 500);
    }
    await sleep(6_000);
    const delays: number[] = [];
    const afterRead: number[] = [];
    let missed = 0;
    for (const bump of bumps) {
      for (let sub = bump.target; sub < options.subscribers; sub += targets.length) {
        const got = seen.get(`${sub}/${bump.marker}`);
        if (!got) {
          missed += 1;
          continue;
        }
        delays.push(got.recv - bump.at);
        if (got.readAt !== null) afterRead.push(got.recv - got.readAt);
      }
    }
    return {
      subscribers: options.subscribers,
      bumps: bumps.length,
      deliveries: delays.length,
      missed,
      p50Ms: percentile(delays, 50),
      p95Ms: percentile(delays, 95),
      maxMs: delays.length ? Math.max(...delays) : null,
      afterReadP50Ms: percentile(afterRead, 50),
      afterReadP95Ms: percentile(afterRead, 95),
      pollP50Ms: percentile(pollMs, 50),
      pollP95Ms: percentile(pollMs, 95),
    };
  } finally {
    await stop(child);
  }
}
