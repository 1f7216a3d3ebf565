import "server-only";

// The monitor's view of one router: one API session, logged in once and kept across polls (exporters that log in
// per scrape fill the router's log, the top complaint of their users: nshttpd#151, HA core #178516). Each poll
// sends only trimmed prints (./counters.ts); the configuration (rule words, comments, properties for drift) is read
// in full on the first poll, after a reconnect, when a trimmed print shows a rule added, removed, moved or
// switched, and every CONFIG_REREAD_MS to catch property edits (drift).
//
// Why not `/listen`: the real API offers it wherever print exists ("'!re' sentences are generated as something
// changes", runs until /cancel: routeros-api.md §1.6), but each listened menu holds a tag for the watch's life.
// A plan touches mangle, nat, routes, netwatch and more: four or more standing tags, against the budget of two
// in flight (./limiter.ts), the very pattern that starved the hAP ac2 (MikroDash #104). It does not carry counter
// changes on v7 either (MikroDash's firewall collector), and deletions are not reported on every menu (MikroTik
// forum 126522, "API. Listening interfaces and bridges doesn't report deletions"). The per-poll `.id` check sees an
// added or removed rule in the very next poll at no extra sentence; property edits wait for the periodic re-read.

import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { DeviceReading } from "@/lib/domain/device/reading";

import type { DeviceWatch, RouterOsTarget, WatchOptions } from "../../driver";
import { DeviceFailure } from "../../failure";
import { RouterOsTimeoutError, type RouterOsClient, type WireMeter } from "../api-client";
import { toConnectionFailure } from "../failure";
import { newReadingMemo, toDeviceReading } from "../adapter/reading";
import { readLiveRows, readRouterRows, toRouterState, type RouterRows } from "../readback/read-state";
import { newDriftMemo } from "../readback/state";
import { sessionOpener } from "../router";
import { counterReads, refreshMenus } from "./counters";
import { limitInFlight } from "./limiter";

/** Property edits (drift) show within this long: the whole configuration is read again this often. */
export const CONFIG_REREAD_MS = 30_000;

export type RouterWatchOptions = WatchOptions & {
  /** Tests shorten it; the monitor keeps the default. */
  configRereadMs?: number;
  now?: () => number;
};

export type RouterWatch = DeviceWatch & {
  /** The most commands in flight at once on any of the watch's sessions. */
  peakInFlight: () => number;
  /** Full configuration reads so far (first poll, reconnects, structure changes, periodic). */
  configReads: () => number;
};

type Session = { client: RouterOsClient; peak: () => number };

export function watchRouter(target: RouterOsTarget, plan: RouterOsPlan, options: RouterWatchOptions): RouterWatch {
  const where = `${target.host}:${target.port}`;
  const meter: WireMeter = { sentencesOut: 0, bytesOut: 0, bytesIn: 0 };
  const open = sessionOpener(target, meter);
  const reads = counterReads(plan);
  const rereadMs = options.configRereadMs ?? CONFIG_REREAD_MS;
  const now = options.now ?? Date.now;
  let session: Session | null = null;
  let cached: { rows: RouterRows; atMs: number } | null = null;
  // What the last configuration read's rows give until the next one (drift, rule words): polls patch in the rest.
  let memo = { drift: newDriftMemo(), reading: newReadingMemo() };
  let logins = 0;
  let configReads = 0;
  let pastPeak = 0;
  let running: Promise<DeviceReading> | null = null;

  const drop = async () => {
    const lost = session;
    session = null;
    if (!lost) return;
    pastPeak = Math.max(pastPeak, lost.peak());
    await lost.client.close();
  };

  const connected = async (): Promise<Session> => {
    if (session && !session.client.closed) return session;
    await drop();
    cached = null;
    const client = await open();
    logins += 1;
    session = limitInFlight(client);
    return session;
  };

  const readConfig = async (client: RouterOsClient): Promise<RouterRows> => {
    configReads += 1;
    const rows = await readRouterRows(client, plan);
    cached = { rows, atMs: now() };
    memo = { drift: newDriftMemo(), reading: newReadingMemo() };
    return rows;
  };

  const readCounters = async (client: RouterOsClient, last: RouterRows): Promise<RouterRows> => {
    const [fresh, live] = await Promise.all([
      Promise.all(reads.map(async (read) => (await client.command(read.words)).rows)),
      readLiveRows(client, plan, { rates: false }),
    ]);
    const refreshed = refreshMenus(last.menus, reads, fresh);
    if ("changed" in refreshed) return readConfig(client);
    const rows = { ...last, menus: refreshed.menus, live };
    if (cached) cached.rows = rows;
    return rows;
  };

  const pollOnce = async (): Promise<DeviceReading> => {
    let current: Session | undefined;
    try {
      current = await connected();
      const last = cached !== null && now() - cached.atMs < rereadMs ? cached.rows : null;
      const rows = last === null ? await readConfig(current.client) : await readCounters(current.client, last);
      return toDeviceReading(toRouterState(rows, plan, now(), memo.drift), plan, memo.reading);
    } catch (error) {
      // A lost or stuck session is not reused: the next poll logs in again (the poller spaces the attempts).
      if (current && (current.client.closed || error instanceof RouterOsTimeoutError)) await drop();
      const failure = toConnectionFailure(error, where);
      throw failure ? new DeviceFailure(failure.status, failure.message, { cause: error }) : error;
    }
  };

  return {
    // Polls do not overlap: a poll asked for while one runs gets that one's reading.
    poll: () => {
      running ??= pollOnce().finally(() => {
        running = null;
      });
      return running;
    },
    cost: () => ({ logins, commands: meter.sentencesOut, bytesFromDevice: meter.bytesIn, bytesToDevice: meter.bytesOut }),
    close: async () => {
      await drop();
      cached = null;
    },
    peakInFlight: () => Math.max(pastPeak, session?.peak() ?? 0),
    configReads: () => configReads,
  };
}
