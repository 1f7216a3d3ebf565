import { describe, expect, it } from "vitest";
import { detection, recovery, switchOver, type DrillSample } from ".";

type L = [state: "up" | "down", since: string | null, fresh: number, out: number];
const at = (ms: number, a: L, b: L): DrillSample => ({
  readAtMs: ms,
  links: [
    { name: "wan1", state: a[0], since: a[1], newConnections: String(a[2]), outBytes: String(a[3]) },
    { name: "wan2", state: b[0], since: b[1], newConnections: String(b[2]), outBytes: String(b[3]) },
  ],
});

describe("drill timings", () => {
  it("takes the device's own since when it lies between two readings, else the reading's time", () => {
    const samples = [
      at(1000, ["up", null, 0, 0], ["up", null, 0, 0]),
      at(1200, ["up", null, 0, 0], ["up", null, 0, 0]),
      at(1400, ["down", new Date(1310).toISOString(), 0, 0], ["up", null, 0, 0]),
    ];
    expect(detection(samples, "wan1", 1000)).toEqual({ atMs: 1310, index: 2, ms: 310 });
    // Block and verdict both dated by the device's clock (here 5 s behind the dashboard's): their difference.
    const skewed = [at(100_200, ["up", null, 0, 0], ["up", null, 0, 0]), at(100_400, ["down", new Date(95_250).toISOString(), 0, 0], ["up", null, 0, 0])];
    expect(detection(skewed, "wan1", 100_000, 95_000)).toEqual({ atMs: 100_250, index: 1, ms: 250 });
    const coarse = [at(1000, ["up", null, 0, 0], ["up", null, 0, 0]), at(1400, ["down", new Date(0).toISOString(), 0, 0], ["up", null, 0, 0])];
    expect(detection(coarse, "wan1", 1000)).toEqual({ atMs: 1400, index: 1, ms: 400 });
    expect(recovery(samples, "wan1", 1000)).toEqual({ atMs: 1200 });
  });

  it("switches when the drilled link stops being given new connections, or only its probes leave it, and another gets them", () => {
    const linux = [at(0, ["up", null, 10, 5000], ["up", null, 10, 5000]), at(200, ["down", null, 10, 9000], ["up", null, 14, 9000])];
    expect(switchOver(linux, "wan1", 1, false)).toEqual({ kind: "switched", atMs: 200, to: ["wan2"] });
    // A MikroTik's PCC rule still counts wan1's share; only its netwatch pings (84 bytes) left wan1.
    const routed = [at(0, ["up", null, 10, 5000], ["up", null, 10, 5000]), at(200, ["down", null, 14, 5084], ["up", null, 14, 60000])];
    expect(switchOver(routed, "wan1", 1, false)).toMatchObject({ kind: "switched" });
    const stayed = [at(0, ["up", null, 10, 0], ["up", null, 10, 0]), at(200, ["down", null, 14, 90000], ["up", null, 14, 90000])];
    expect(switchOver(stayed, "wan1", 1, false)).toEqual({ kind: "not-yet" });
    expect(switchOver(stayed, "wan1", 1, true)).toEqual({ kind: "stayed" });
    const quiet = [at(0, ["up", null, 10, 0], ["up", null, 10, 0]), at(200, ["down", null, 10, 84], ["up", null, 10, 0])];
    expect(switchOver(quiet, "wan1", 1, true)).toEqual({ kind: "no-traffic" });
  });
});
