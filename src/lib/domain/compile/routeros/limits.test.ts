import { describe, expect, it } from "vitest";
import { compileRouterOs, type RouterOsPlan } from ".";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "../../intent/examples";

// A netwatch interval below 1 s fails at apply on a real router (arg-desc.json: 1s..71w2h27m52s950ms on every 7.x):
// the compiler holds every time value to the router's range and says what faster intents really get.

const compile = (base: IntentInput, change: (i: IntentInput) => void, version: "6" | "7"): RouterOsPlan => {
  const input = structuredClone(base);
  change(input);
  return compileRouterOs(ZIntent.parse(input), { version });
};
const props = (plan: RouterOsPlan, comment: string) => plan.objects.find((o) => o.comment === `waymark:${comment}`)!.properties;
const warning = (plan: RouterOsPlan, code: string, link?: string) =>
  plan.warnings.find((w) => w.code === code && (link === undefined || w.link === link))?.message;

describe("[domain] compileRouterOs holds netwatch timing to what routers accept", () => {
  it("v7 default probes: 3 pings 300 ms apart, one test a second, and the real detection time", () => {
    const plan = compile(DUAL_WAN_EXAMPLE, () => {}, "7");
    expect(props(plan, "netwatch:isp-a")).toMatchObject({ type: "icmp", interval: "1s", "packet-interval": "300ms", "packet-count": "3", timeout: "250ms" });
    expect(warning(plan, "routeros-probe-interval-raised", "isp-a")).toBe(
      "isp-a asks for a probe every 300 ms, 3 lost in a row to fail (one netwatch test of 0.90 s); RouterOS netwatch tests at most once a second, so a dead link is detected in about 1.85 s (the intent asks for 1.20 s)",
    );
    expect(warning(plan, "routeros-netwatch-burst", "isp-a")).toContain("(up to 1.90 s)");
    expect(warning(plan, "routeros-detection-time", "isp-a")).toContain("netwatch pings 192.0.2.10 every 0.30 s");
  });

  it("v6 and v7 simple probes, and v7 tcp-conn, test once a second at most", () => {
    const v6 = compile(DUAL_WAN_EXAMPLE, () => {}, "6");
    expect(props(v6, "netwatch:isp-a")).toEqual(expect.objectContaining({ interval: "1s", timeout: "250ms" }));
    expect(warning(v6, "routeros-probe-interval-raised", "isp-a")).toBe(
      "isp-a asks for a probe every 300 ms; RouterOS netwatch tests at most once a second, so a dead link is detected in about 1.25 s (the intent asks for 1.20 s)",
    );
    expect(warning(v6, "routeros-detection-time", "isp-a")).toContain("netwatch pings 192.0.2.10 every 1.00 s and disables its routes on the first miss");
    const simple = compile(DUAL_WAN_EXAMPLE, (i) => (i.links[0]!.probe.downCount = 1), "7");
    expect(props(simple, "netwatch:isp-a")).toMatchObject({ type: "simple", interval: "1s" });
    const tcp = compile(
      DUAL_WAN_EXAMPLE,
      (i) => (i.links[1]!.probe = { type: "tcp", port: 443, targets: ["192.0.2.20"], intervalMs: 200, timeoutMs: 150, downCount: 1 }),
      "7",
    );
    expect(props(tcp, "netwatch:isp-b")).toMatchObject({ type: "tcp-conn", interval: "1s", timeout: "150ms", "thr-tcp-conn-time": "150ms" });
    expect(warning(tcp, "routeros-probe-interval-raised", "isp-b")).toMatch(
      /^isp-b asks for a probe every 200 ms; .* detected in about 1\.15 s \(the intent asks for 0\.40 s\)$/,
    );
  });

  it("leaves slow enough probes as the intent has them, without a warning", () => {
    const slow = compile(
      DUAL_WAN_EXAMPLE,
      (i) => {
        for (const l of i.links) Object.assign(l.probe, { intervalMs: 2000, timeoutMs: 800 });
      },
      "7",
    );
    expect(props(slow, "netwatch:isp-a")).toMatchObject({ type: "icmp", interval: "6s", "packet-interval": "2s", timeout: "800ms" });
    const burst = compile(
      DUAL_WAN_EXAMPLE,
      (i) => {
        for (const l of i.links) Object.assign(l.probe, { intervalMs: 400, downCount: 3 });
      },
      "7",
    );
    expect(props(burst, "netwatch:isp-a")).toMatchObject({ interval: "1200ms", "packet-interval": "400ms" });
    for (const plan of [
      slow,
      burst,
      compile(
        DUAL_WAN_EXAMPLE,
        (i) => {
          for (const l of i.links) l.probe.intervalMs = 1000;
        },
        "6",
      ),
    ]) {
      expect(plan.warnings.map((w) => w.code)).not.toContain("routeros-probe-interval-raised");
    }
  });

  it("raises a fast pool probe to 1 s and says what a dead backend costs", () => {
    const fast = compile(SERVER_POOL_EXAMPLE, (i) => (i.inbound!.pools![1]!.probe = { type: "icmp", intervalMs: 500, timeoutMs: 300 }), "7");
    expect(props(fast, "backend:dns:ns1")).toMatchObject({ type: "simple", interval: "1s", timeout: "300ms" });
    expect(warning(fast, "routeros-pool-probe-interval-raised")).toBe(
      "pool dns asks for a probe every 500 ms; RouterOS netwatch tests at most once a second, so a dead backend is detected in about 1.30 s (the intent asks for 0.80 s)",
    );
    expect(compile(SERVER_POOL_EXAMPLE, () => {}, "7").warnings.map((w) => w.code)).not.toContain("routeros-pool-probe-interval-raised");
    // v6 cannot watch the tcp pool at all, so no netwatch and no pacing warning for it.
    const v6 = compile(SERVER_POOL_EXAMPLE, (i) => (i.inbound!.pools![0]!.probe = { type: "tcp", intervalMs: 200, timeoutMs: 100 }), "6");
    expect(v6.warnings.filter((w) => w.code === "routeros-pool-probe-interval-raised")).toEqual([]);
  });
});
