import { describe, expect, it } from "vitest";
import { ZTargetOptions } from "../target-options";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "./examples";
import { ZIntent, type IntentInput } from ".";
import { describePlanMeaning, formatDuration, tierShares } from "./meaning";

const pcc = ZTargetOptions.parse({});
const meaning = (input: IntentInput, options = pcc) => describePlanMeaning(ZIntent.parse(input), options);

const probe = { targets: ["1.1.1.1", "9.9.9.9"] };
const THREE_LINKS: IntentInput = {
  links: [
    { name: "wan1", interface: "ether1", gateway: "198.51.100.1", weight: 3, probe },
    {
      name: "wan2",
      interface: "ether2",
      gateway: "203.0.113.1",
      weight: 1,
      probe: { targets: ["8.8.8.8", "208.67.222.222"], intervalMs: 1000, timeoutMs: 500 },
    },
    { name: "lte", interface: "lte1", gateway: "100.64.0.1", tier: 2, onFailback: "flush", probe },
  ],
  outbound: { lanInterfaces: ["bridge"], lanSources: ["192.168.88.0/24"], method: "sticky-source", lastResort: "unreachable" },
};

describe("[domain] the plan in plain language", () => {
  it("gives each link's share of new connections from the weights, per tier", () => {
    expect(meaning(DUAL_WAN_EXAMPLE)[0]).toBe("New connections: isp-a 75 %, isp-b 25 %.");
    expect(
      tierShares([
        { name: "a", weight: 1 },
        { name: "b", weight: 1 },
        { name: "c", weight: 1 },
      ]).map((s) => s.percent),
    ).toEqual([33, 33, 33]);
  });

  it("says when a standby tier takes over, and what failover and failback do with timings from the probe", () => {
    const lines = meaning(THREE_LINKS);
    expect(lines).toContain("New connections: wan1 75 %, wan2 25 %.");
    expect(lines).toContain("lte (tier 2) takes over when wan1 and wan2 are down.");
    expect(lines).toContain(
      "If wan1 misses 3 probes of 1.1.1.1 and 9.9.9.9 300 ms apart, it is declared down in 0.60 s–0.90 s (0.90 s–1.20 s if its probes were already losing answers); then its new connections go to wan2 and its open connections are cleared so clients reconnect at once.",
    );
    // 2 or 3 failed rounds of 1 s (3 or 4 when probes were already being lost): the numbers the plan's warnings give.
    expect(lines.find((l) => l.startsWith("If wan2"))).toContain(
      "1 s apart, it is declared down in 2.00 s–3.00 s (3.00 s–4.00 s if its probes were already losing answers); then its new connections go to wan1",
    );
    expect(lines.find((l) => l.startsWith("If lte"))).toContain("its new connections follow the last resort");
    expect(lines).toContain("When wan1 answers 5 probes in a row again (traffic returns 1.20 s–1.50 s after it answers), it takes new connections again.");
    expect(lines.find((l) => l.startsWith("When lte answers"))).toContain("when a lower tier comes back, its connections are cleared so they move back");
    expect(lines).toContain("When every link is down, new connections are refused at once, so clients fail fast.");
    expect(lines.some((l) => l.startsWith("Sticky by source: each LAN host keeps one link"))).toBe(true);
  });

  it("sends a lone link's traffic to the next tier, and names TCP probes by port", () => {
    const input = structuredClone(THREE_LINKS);
    input.links[1]!.tier = 3;
    input.links[0]!.probe = { type: "tcp", port: 443, targets: ["192.0.2.10", "192.0.2.11"], minAnswering: 2 };
    const wan1 = meaning(input).find((l) => l.startsWith("If wan1"));
    expect(wan1).toContain("probes of TCP port 443 of 192.0.2.10 and 192.0.2.11");
    expect(wan1).toContain("(a round fails when fewer than 2 of 2 targets answer)");
    expect(wan1).toContain("go to lte (tier 2)");
    expect(meaning(input)).toContain("wan2 (tier 3) takes over when wan1 and lte are down.");
  });

  it("says what pinned traffic, pools, drained backends and ECMP mean", () => {
    const pinned: IntentInput = { ...DUAL_WAN_EXAMPLE, outbound: { ...DUAL_WAN_EXAMPLE.outbound, pinned: [{ source: "192.168.10.50/32", link: "isp-b" }] } };
    expect(meaning(pinned)).toContain("Traffic from 192.168.10.50/32 always leaves by isp-b while isp-b is up; otherwise it is balanced like the rest.");
    const lines = meaning(SERVER_POOL_EXAMPLE, ZTargetOptions.parse({ routeros: { balancer: "ecmp" } }));
    expect(lines.find((l) => l.startsWith("Pool web"))).toBe(
      "Pool web: TCP port 443 on 198.51.100.10 → app1 67 %, app2 33 %; app3 drained (no new connections, open ones continue); one client address always reaches the same backend; each backend is checked by TCP connect every 1 s; after 2 failed checks in a row it is taken out (about 2.0 s), after 2 answered it is back (about 2.0 s).",
    );
    expect(lines.find((l) => l.startsWith("Pool dns"))).toContain("ns2 disabled");
    expect(lines.find((l) => l.startsWith("Per connection"))).toContain("On a MikroTik with ECMP");
    expect(lines).toContain("When every link is down, the gateway's own routing table decides (its ordinary default route).");
  });

  it("says an HTTP check with its detection and return times, and source-and-port stickiness", () => {
    const input = structuredClone(SERVER_POOL_EXAMPLE);
    const web = input.inbound!.pools![0]!;
    web.probe = { type: "http", intervalMs: 500, timeoutMs: 300, path: "/healthz", downCount: 2, upCount: 3 };
    web.sticky = "source-and-port";
    const line = meaning(input).find((l) => l.startsWith("Pool web"));
    expect(line).toContain("one client address and source port always reach the same backend");
    expect(line).toContain(
      "each backend is checked by HTTP GET /healthz expecting 200 every 500 ms; after 2 failed checks in a row it is taken out (about 1.0 s), after 3 answered it is back (about 1.5 s).",
    );
  });

  it("writes durations the way an engineer reads them", () => {
    expect([formatDuration(300), formatDuration(1150), formatDuration(3000), formatDuration(3500)]).toEqual(["300 ms", "1.2 s", "3 s", "3.5 s"]);
  });
});
