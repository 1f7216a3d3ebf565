import { describe, expect, it } from "vitest";
import type { DeviceReading } from "../device/reading";
import type { DeviceLive } from "./live";
import { transitions } from "./transitions";

const reading = (links: [string, "up" | "down" | "degraded"][], readAtMs = 1000, drifted = false): DeviceReading => ({
  readAtMs,
  device: { identity: "edge", softwareVersion: "7.16.2" },
  watcher: { running: true, detail: "" },
  links: links.map(([name, state]) => ({
    name,
    state,
    since: null,
    lossPercent: 5,
    rttMs: 12,
    newConnections: "0",
    shareOfNew: null,
    out: null,
    in: null,
    openConnections: null,
  })),
  backends: [],
  rules: [],
  drift: { drifted, entries: drifted ? [{ what: "mangle rule", change: "changed", detail: "x" }] : [] },
});

const live = (seq: number, state: DeviceLive["state"], r: DeviceReading | null): DeviceLive => ({
  deviceId: "d1",
  seq,
  at: 5000 + seq,
  intervalMs: 2000,
  state,
  problem: state === "ok" ? null : "connection refused",
  nextAttemptAt: null,
  pollMs: 10,
  polledBy: "a",
  reading: r,
  rates: null,
  lastPush: null,
});

describe("transitions", () => {
  it("a first reading is no news", () => {
    expect(transitions(null, live(1, "ok", reading([["wan1", "up"]])))).toEqual([]);
  });
  it("a link going down, with its probe figures", () => {
    const t = transitions(live(1, "ok", reading([["wan1", "up"]])), live(2, "ok", reading([["wan1", "down"]], 3000)));
    expect(t).toEqual([expect.objectContaining({ subject: "link", name: "wan1", state: "down", previous: "up", atMs: 3000, lossPercent: 5 })]);
  });
  it("the device becoming unreachable and answering again", () => {
    const up = live(1, "ok", reading([["wan1", "up"]]));
    const down = { ...live(2, "unreachable", up.reading), reading: up.reading };
    expect(transitions(up, down)).toEqual([expect.objectContaining({ subject: "device", name: "polling", state: "unreachable", previous: "ok" })]);
    expect(transitions(down, live(3, "ok", reading([["wan1", "up"]], 4000)))).toEqual([
      expect.objectContaining({ subject: "device", state: "ok", previous: "unreachable" }),
    ]);
  });
  it("a first failure after start is news", () => {
    expect(transitions(live(0, "starting", null), live(1, "auth_failed", null))).toHaveLength(1);
  });
  it("drift appearing", () => {
    const t = transitions(live(1, "ok", reading([["wan1", "up"]])), live(2, "ok", reading([["wan1", "up"]], 3000, true)));
    expect(t).toEqual([expect.objectContaining({ name: "drift", state: "drifted", previous: "in_sync" })]);
  });
});
