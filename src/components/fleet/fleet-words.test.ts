import { describe, expect, it } from "vitest";
import type { FleetRow } from "@/lib/domain/monitor/live";
import { fleetSummary, linkWords, reachWords } from "./fleet-words";
import { sortFleet } from "./order";

const row = (name: string, over: Partial<FleetRow> = {}): FleetRow => ({
  deviceId: name,
  name,
  kind: "routeros",
  host: "127.0.0.1",
  state: "ok",
  problem: null,
  links: { up: 2, degraded: 0, down: 0, unknown: 0 },
  linksNotUp: [],
  backendsDown: 0,
  drifted: false,
  lastPush: null,
  openAlerts: 0,
  readAt: 1,
  intervalMs: 2_000,
  ...over,
});

describe("[ui] the fleet in words and worst first", () => {
  it("puts a device Waymark cannot read first, then links down, degraded, drift, alerts, the rest by name", () => {
    const rows = [
      row("quiet"),
      row("alerting", { openAlerts: 2 }),
      row("drifted", { drifted: true }),
      row("degraded", { links: { up: 1, degraded: 1, down: 0, unknown: 0 } }),
      row("link down", { links: { up: 1, degraded: 0, down: 1, unknown: 0 } }),
      row("gone", { state: "unreachable", problem: "connection refused" }),
      row("also quiet"),
    ];
    expect(sortFleet(rows).map((r) => r.name)).toEqual(["gone", "link down", "degraded", "drifted", "alerting", "also quiet", "quiet"]);
  });

  it("says what is wrong and with which links", () => {
    expect(reachWords(row("r", { state: "unreachable", problem: "unreachable: connection refused." }))).toEqual({
      text: "unreachable: connection refused",
      tone: "bad",
    });
    expect(linkWords(row("r", { links: { up: 1, degraded: 0, down: 1, unknown: 0 }, linksNotUp: [{ name: "isp-b", state: "down" }] }))).toEqual({
      text: "1 up · 1 down (isp-b)",
      tone: "bad",
    });
  });

  it("summarises what is shown, the filter's share of the fleet included", () => {
    const rows = [row("a"), row("b", { state: "timed_out" })];
    expect(fleetSummary(rows, 2, false)).toBe("2 devices: 1 not reachable");
    expect(fleetSummary([rows[0]!], 7, true)).toBe("1 of 7 devices match the filter, all well");
    expect(fleetSummary([], 7, true)).toBe("0 of 7 devices match the filter");
  });
});
