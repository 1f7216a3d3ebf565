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
  urgency: 5,
  ...over,
});

describe("[ui] the fleet in words and worst first", () => {
  it("sorts live rows by the urgency the server gave them, then by name", () => {
    const rows = [row("quiet"), row("alerting", { urgency: 4 }), row("link down", { urgency: 1 }), row("gone", { urgency: 0 }), row("also quiet")];
    expect(sortFleet(rows).map((r) => r.name)).toEqual(["gone", "link down", "alerting", "also quiet", "quiet"]);
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
    const unknown = {
      links: { up: 0, degraded: 0, down: 0, unknown: 2 },
      linksNotUp: [
        { name: "isp-a", state: "unknown" as const },
        { name: "isp-b", state: "unknown" as const },
      ],
    };
    expect(linkWords(row("r", { state: "unreachable", ...unknown }))).toEqual({ text: "2 unknown", tone: "idle" });
  });

  it("summarises what is shown, the filter's share of the fleet included", () => {
    const rows = [row("a"), row("b", { state: "timed_out" })];
    expect(fleetSummary(rows, 2, false)).toBe("2 devices: 1 not reachable");
    expect(fleetSummary([rows[0]!], 7, true)).toBe("1 of 7 devices match the filter, all well");
    expect(fleetSummary([], 7, true)).toBe("0 of 7 devices match the filter");
  });
});
