import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { env } from "@/lib/env";
// Not a React hook, whatever its name says to the linter.
import { deliver, isSiteUpdate, type LiveUpdate, useTransport as routeThrough } from "./bus";
import { Assembler, chunkHeader, encodeUpdate } from "./notify-wire";

// Several Waymark instances on one PostgreSQL share the live bus: each publishes its devices' updates with
// pg_notify and every instance, the sender too, delivers what it hears, so a browser on any instance sees every
// device whoever polls it. One dedicated client LISTENs (a pooled Prisma connection cannot: LISTEN belongs to a
// session); a second connection sends, batching what a tick published into one statement. While the listener is
// down an instance would not hear its own updates, so it delivers them directly, and reconnects with backoff.
// Nothing stale overwrites newer: NOTIFY keeps commit order, nothing is replayed after a reconnect, and an update
// is dropped unless it is newer (seq, else time: a restarted instance counts from 0 again) than the last one heard
// from the same instance for that device (or site: sites' updates share the channel, told apart by their shape).

export const LIVE_CHANNEL = "waymark_live";
const HEARTBEAT_MS = 10_000;
/** Own updates awaiting their echo; past this (the listener stuck), the echo is decoded like anyone else's. */
const MAX_UNHEARD = 10_000;
const BACKOFF_MS = { first: 250, max: 10_000 };

export type PgBridge = {
  /** Publishes an update to every instance (this one included). */
  send: (update: LiveUpdate) => void;
  /** The listener is connected and LISTENing. */
  listening: () => boolean;
  stop: () => Promise<void>;
};

type Options = { channel?: string; onDeliver?: (update: LiveUpdate) => void };

/** Starts the bridge when the database is PostgreSQL; SQLite is one instance and needs none. */
export async function startLiveBridge(): Promise<PgBridge | null> {
  const url = env().databaseUrl;
  if (!/^postgres(ql)?:\/\//.test(url)) return null;
  const bridge = await startPgBridge(url);
  routeThrough(bridge);
  return {
    ...bridge,
    stop: async () => {
      routeThrough(null);
      await bridge.stop();
    },
  };
}

export async function startPgBridge(databaseUrl: string, options: Options = {}): Promise<PgBridge> {
  const channel = options.channel ?? LIVE_CHANNEL;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const deliverHere = options.onDeliver ?? deliver;
  const bridgeId = randomBytes(6).toString("hex");
  const assembler = new Assembler();
  // What this instance sent and has not heard back yet: its own echo is delivered from here, not decoded again
  // (inflating, parsing and validating an update costs about 0.5 ms; every instance pays it for the others').
  const sent = new Map<string, LiveUpdate>();
  const heard = new Map<string, { seq: number; at: number }>();
  let counter = 0;
  let listener: pg.Client | null = null;
  let listening = false;
  let stopped = false;
  let backoff = BACKOFF_MS.first;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const sender = new pg.Pool({ connectionString: databaseUrl, max: 1, keepAlive: true, application_name: "waymark-live-send" });
  sender.on("error", (error) => warn("the live-bus sender's connection failed", error));

  const accept = (update: LiveUpdate) => {
    const site = isSiteUpdate(update);
    const key = `${site ? `site:${update.siteId}` : update.deviceId}\u0000${update.polledBy}`;
    const at = site ? update.atMs : update.at;
    const last = heard.get(key);
    if (last && update.seq <= last.seq && at <= last.at) return;
    heard.set(key, { seq: update.seq, at });
    deliverHere(update);
  };

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== channel || message.payload === undefined) return;
    const header = chunkHeader(message.payload);
    const own = header && sent.get(header.id);
    if (own) {
      if (!header.last) return;
      sent.delete(header.id);
      return accept(own);
    }
    try {
      const update = assembler.push(message.payload);
      if (update) accept(update);
    } catch (error) {
      warn("a live-bus notification was dropped", error);
    }
  };

  const connect = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: "waymark-live-listen" });
    const lost = (error?: Error) => {
      if (listener !== client) return;
      listener = null;
      listening = false;
      clearInterval(heartbeat);
      assembler.reset();
      sent.clear();
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (error) warn(`the live-bus listener lost PostgreSQL; retrying in ${backoff} ms`, error);
      schedule();
    };
    listener = client;
    client.on("error", lost);
    client.on("end", () => lost(new Error("connection ended")));
    client.on("notification", onNotification);
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      if (stopped || listener !== client) return;
      listening = true;
      backoff = BACKOFF_MS.first;
      // A half-open TCP connection raises nothing: a query that fails to come back is how we learn of it.
      heartbeat = setInterval(() => {
        client.query("SELECT 1").catch((error: Error) => lost(error));
      }, HEARTBEAT_MS);
      heartbeat.unref();
    } catch (error) {
      lost(error as Error);
    }
  };

  const schedule = () => {
    if (stopped) return;
    retry = setTimeout(() => void connect(), backoff);
    retry.unref();
    backoff = Math.min(backoff * 2, BACKOFF_MS.max);
  };

  let queue: LiveUpdate[] = [];
  const flush = async () => {
    const batch = queue;
    queue = [];
    const ids = batch.map(() => `${bridgeId}.${counter++}`);
    const chunks = batch.flatMap((update, i) => {
      // Not listening: no echo will come, so this instance gets it now (a second delivery is dropped by seq).
      if (!listening) accept(update);
      else if (sent.size < MAX_UNHEARD) sent.set(ids[i]!, update);
      return encodeUpdate(update, ids[i]!);
    });
    try {
      await sender.query("SELECT pg_notify($1, chunk) FROM unnest($2::text[]) WITH ORDINALITY AS c(chunk, n) ORDER BY n", [channel, chunks]);
    } catch (error) {
      warn(`${batch.length} live update(s) did not reach the other instances`, error);
      for (const [i, update] of batch.entries()) if (sent.delete(ids[i]!)) accept(update);
    }
  };

  await connect();

  return {
    send: (update) => {
      if (stopped) return deliverHere(update);
      // Not listening: this instance would never hear its own update, so it gets it now.
      if (!listening) accept(update);
      if (queue.length === 0) setImmediate(() => void flush());
      queue.push(update);
    },
    listening: () => listening,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const client = listener;
      listener = null;
      listening = false;
      await client?.end().catch(() => {});
      await sender.end().catch(() => {});
    },
  };
}

let lastWarnAt = 0;
function warn(what: string, error: unknown): void {
  // A database outage would otherwise log once per poll of every device.
  if (Date.now() - lastWarnAt < 5_000) return;
  lastWarnAt = Date.now();
  console.error(`waymark: ${what}: ${error instanceof Error ? error.message : String(error)}`);
}
