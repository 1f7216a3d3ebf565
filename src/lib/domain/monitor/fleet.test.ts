import { describe, expect, it } from "vitest";
import type { DeviceReading, LinkHealth } from "../device/reading";
import { type FleetDevice, toFleetRow, worstFirst } from "./fleet";
import type { DeviceLive, PollState } from "./live";

const device = (name: string, monitored = true): FleetDevice => ({
  id: `id-${name}`,
  name,
  kind: "routeros",
  host: "192.0.2.1",
  pollIntervalSec: 2,
  monitored,
});

const reading = (links: LinkHealth[], drifted = false): DeviceReading => ({
  readAtMs: 1_000,
  device: { identity: null, softwareVersion: null },
  watcher: { running: true, detail: "" },
  links: links.map((state, i) => ({
    name: `wan${i + 1}`,
    state,
    since: null,
    lossPercent: null,
    rttMs: null,
    newConnections: null,
    shareOfNew: null,
    out: null,
    in: null,
    openConnections: null,
  })),
  backends: [],
  rules: [],
  drift: { drifted, entries: [] },
});

const live = (state: PollState, r: DeviceReading | null): DeviceLive => ({
  deviceId: "x",
  seq: 1,
  at: 1_000,
  intervalMs: 2_000,
  state,
  problem: state === "ok" ? null : `${state}: why`,
  nextAttemptAt: null,
  pollMs: 10,
  polledBy: "a",
  reading: r,
  rates: null,
  lastPush: null,
});

describe("the fleet", () => {
  it("says nothing of the links of a device that does not answer: its last reading is not their state now", () => {
    const row = toFleetRow(device("edge"), live("unreachable", reading(["up", "down"])), 0);
    expect(row).toMatchObject({ links: { up: 0, down: 0, degraded: 0, unknown: 2 }, urgency: 0 });
    expect(row.linksNotUp).toEqual([
      { name: "wan1", state: "unknown" },
      { name: "wan2", state: "unknown" },
    ]);
  });

  it("counts links by health and names the ones not up", () => {
    const row = toFleetRow(device("edge"), live("ok", reading(["up", "down", "up"])), 0);
    expect(row).toMatchObject({
      state: "ok",
      links: { up: 2, down: 1, degraded: 0, unknown: 0 },
      linksNotUp: [{ name: "wan2", state: "down" }],
      drifted: false,
    });
  });

  it("shows a device not yet polled as starting and one not monitored as paused", () => {
    expect(toFleetRow(device("a"), null, 0)).toMatchObject({ state: "starting", readAt: null, drifted: null, intervalMs: 2_000 });
    expect(toFleetRow(device("b", false), live("auth_failed", null), 0)).toMatchObject({ state: "paused", problem: null });
  });

  it("sorts worst first: failing, links down, degraded, drift, open alerts, then by name", () => {
    const rows = [
      toFleetRow(device("ok-b"), live("ok", reading(["up"])), 0),
      toFleetRow(device("alerting"), live("ok", reading(["up"])), 2),
      toFleetRow(device("drifted"), live("ok", reading(["up"], true)), 0),
      toFleetRow(device("degraded"), live("ok", reading(["degraded", "up"])), 0),
      toFleetRow(device("down"), live("ok", reading(["down", "up"])), 0),
      toFleetRow(device("refused"), live("auth_failed", reading(["up"])), 0),
      toFleetRow(device("ok-a"), live("ok", reading(["up"])), 0),
    ];
    expect(rows.sort(worstFirst).map((r) => r.name)).toEqual(["refused", "down", "degraded", "drifted", "alerting", "ok-a", "ok-b"]);
  });
});
