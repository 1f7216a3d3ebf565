import { describe, expect, it } from "vitest";
import { ZTargetOptions } from "../target-options";
import { describeIntentChanges, describeTargetOptionChanges } from "./changes";
import { movedMembers } from "./change-words";
import { DUAL_WAN_EXAMPLE, SERVER_POOL_EXAMPLE } from "./examples";
import { type Intent, type IntentInput, ZIntent } from "./intent";

const base = () => ZIntent.parse(SERVER_POOL_EXAMPLE);
const texts = (before: Intent | null, after: Intent) => describeIntentChanges(before, after).map((c) => c.text);
/** Edit a copy of the example and say what changed. */
const edit = (mutate: (intent: Intent) => void) => {
  const before = base();
  const after = structuredClone(before);
  mutate(after);
  return texts(before, ZIntent.parse(after));
};

describe("[domain] describeIntentChanges", () => {
  it("says nothing for the same policy, and 'first policy' when there was none", () => {
    expect(texts(base(), base())).toEqual([]);
    expect(describeIntentChanges(null, base())).toEqual([
      { subject: "policy", text: "first policy: links isp-a, isp-b; balancing per-connection; pools web, dns" },
    ]);
    expect(texts(null, ZIntent.parse(DUAL_WAN_EXAMPLE))).toEqual(["first policy: links isp-a, isp-b; balancing per-connection"]);
  });

  it("says each link field in the admin's words", () => {
    expect(
      edit((i) => {
        const link = i.links[1]!;
        link.weight = 3;
        link.tier = 2;
        link.gateway = "203.0.113.2";
        link.interface = "wan3";
        link.onFailover = "keep";
        link.onFailback = "flush";
      }),
    ).toEqual([
      "link isp-b interface wan2 → wan3",
      "link isp-b gateway 203.0.113.1 → 203.0.113.2",
      "link isp-b weight 1 → 3",
      "link isp-b tier 1 → 2",
      "link isp-b on failover: flush connections → keep connections",
      "link isp-b on failback: keep connections → flush connections",
    ]);
  });

  it("says which probe targets came and went, and every probe setting", () => {
    const changes = describeIntentChanges(
      base(),
      ZIntent.parse({
        ...SERVER_POOL_EXAMPLE,
        links: [
          SERVER_POOL_EXAMPLE.links[0]!,
          {
            ...SERVER_POOL_EXAMPLE.links[1]!,
            probe: { type: "tcp", port: 443, targets: ["192.0.2.10", "9.9.9.9"], intervalMs: 1000, timeoutMs: 400, minAnswering: 2, downCount: 4, upCount: 6 },
          },
        ],
      }),
    );
    expect(changes.every((c) => c.subject === "link isp-b")).toBe(true);
    expect(changes.map((c) => c.text)).toEqual([
      "link isp-b probe icmp → tcp port 443",
      "probe targets of isp-b changed: +9.9.9.9, −192.0.2.11",
      "link isp-b probe interval 300 ms → 1000 ms",
      "link isp-b probe timeout 250 ms → 400 ms",
      "link isp-b needs 1 → 2 probe targets answering",
      "link isp-b goes down after 3 → 4 failed probe rounds",
      "link isp-b comes back after 5 → 6 passing probe rounds",
    ]);
    expect(edit((i) => i.links[0]!.probe.targets.reverse())).toEqual(["probe targets of isp-a reordered"]);
  });

  it("tells added, removed, renamed and reordered links apart", () => {
    const third = { name: "lte", interface: "lte1", gateway: "100.64.0.1", weight: 1, tier: 2, probe: { targets: ["192.0.2.10", "192.0.2.11"] } };
    expect(edit((i) => i.links.push(ZIntent.shape.links.element.parse(third)))).toEqual(["link lte added (lte1 via 100.64.0.1, weight 1, tier 2)"]);
    const twoLinks = (links: IntentInput["links"]) => ZIntent.parse({ ...DUAL_WAN_EXAMPLE, links });
    const [a, b] = DUAL_WAN_EXAMPLE.links as [IntentInput["links"][0], IntentInput["links"][0]];
    expect(texts(twoLinks([a, b, third]), twoLinks([a, b]))).toEqual(["link lte removed"]);
    expect(texts(twoLinks([a, b]), twoLinks([a, { ...b, name: "isp-c", weight: 2 }]))).toEqual(["link isp-b renamed isp-c", "link isp-c weight 1 → 2"]);
    expect(texts(twoLinks([a, b]), twoLinks([b, a]))).toEqual(["links reordered: isp-b, isp-a"]);
  });

  it("says LAN, balancing method and last resort changes", () => {
    expect(
      edit((i) => {
        i.outbound.lanInterfaces = ["lan0", "lan1"];
        i.outbound.lanSources = ["192.168.20.0/24"];
        i.outbound.method = "sticky-source";
        i.outbound.lastResort = "unreachable";
      }),
    ).toEqual([
      "LAN interfaces changed: +lan1",
      "LAN sources changed: +192.168.20.0/24, −192.168.10.0/24",
      "balancing per-connection → sticky-source",
      "when every link is down: main routing table → refuse new connections",
    ]);
  });

  it("says pinned traffic added, removed, moved to another link, re-commented and moved up", () => {
    const pins = (...p: NonNullable<IntentInput["outbound"]["pinned"]>) =>
      ZIntent.parse({ ...DUAL_WAN_EXAMPLE, outbound: { ...DUAL_WAN_EXAMPLE.outbound, pinned: p } });
    const bank = { source: "192.168.10.5", link: "isp-a", comment: "bank" };
    const voip = { destination: "198.18.0.0/15", link: "isp-b" };
    const cams = { source: "192.168.10.64/26", destination: "203.0.113.0/24", link: "isp-b" };
    expect(texts(pins(bank), pins(bank, voip))).toEqual(["pinned traffic to 198.18.0.0/15 added: uses isp-b"]);
    expect(texts(pins(bank, voip), pins(voip))).toEqual(["pinned traffic from 192.168.10.5/32 (bank) removed (was on isp-a)"]);
    expect(texts(pins(bank), pins({ ...bank, link: "isp-b", comment: "bank 2" }))).toEqual([
      "pinned traffic from 192.168.10.5/32 (bank 2) uses isp-a → isp-b",
      "pinned traffic from 192.168.10.5/32 comment “bank” → “bank 2”",
    ]);
    expect(texts(pins(bank, voip, cams), pins(cams, bank, voip))).toEqual(["pinned traffic from 192.168.10.64/26 to 203.0.113.0/24 moved up to position 1"]);
  });

  it("says pool and backend changes the way maintenance is done", () => {
    expect(edit((i) => (i.inbound!.pools[0]!.backends[1]!.state = "drain"))).toEqual(["backend app2 drained in pool web"]);
    expect(edit((i) => (i.inbound!.pools[0]!.backends[2]!.state = "active"))).toEqual(["backend app3 back in service (was draining) in pool web"]);
    expect(edit((i) => (i.inbound!.pools[0]!.backends[1]!.state = "disabled"))).toEqual(["backend app2 disabled (cuts its connections) in pool web"]);
    expect(
      edit((i) => {
        const web = i.inbound!.pools[0]!;
        web.backends[0]!.weight = 5;
        web.backends[0]!.address = "192.168.10.31";
        web.backends[1]!.port = undefined;
        web.sticky = "per-connection";
        web.probe = { type: "icmp", intervalMs: 2000, timeoutMs: 500 };
        web.listen = { interface: "wan2", protocol: "tcp", port: 8443 };
      }),
    ).toEqual([
      "pool web listens on tcp port 443 on wan1 198.51.100.10 → tcp port 8443 on wan2",
      "pool web stickiness by source address → per connection",
      "probe of web changed: tcp → icmp",
      "probe of web changed: every 1000 ms, timeout 500 ms → every 2000 ms, timeout 500 ms",
      "backend app1 weight 2 → 5 in pool web",
      "backend app1 address 192.168.10.21 → 192.168.10.31 in pool web",
      "backend app2 port 8443 → the pool's port (8443) in pool web",
    ]);
    expect(
      edit((i) => {
        const web = i.inbound!.pools[0]!;
        web.backends.push({ name: "app4", address: "192.168.10.24", weight: 1, state: "active" });
        web.backends.splice(0, 1);
      }),
    ).toEqual(["backend app4 added to pool web: 192.168.10.24 port 443, weight 1, in service", "backend app1 removed from pool web"]);
    expect(edit((i) => i.inbound!.pools[0]!.backends.reverse())).toEqual(["backends of pool web reordered: app3, app2, app1"]);
  });

  it("says an HTTP check, its counts and source-and-port stickiness in words", () => {
    expect(
      edit((i) => {
        const web = i.inbound!.pools[0]!;
        web.probe = { type: "http", intervalMs: 1000, timeoutMs: 500, path: "/healthz", expectStatus: 200 };
        web.sticky = "source-and-port";
      }),
    ).toEqual(["pool web stickiness by source address → by source address and port", "probe of web changed: tcp → http GET /healthz expecting 200"]);
    expect(
      edit((i) => {
        i.inbound!.pools[0]!.probe = { type: "tcp", intervalMs: 1000, timeoutMs: 500, downCount: 3, upCount: 2 };
      }),
    ).toEqual(["pool web takes a backend out after 2 → 3 failed probes"]);
  });

  it("says pools added, removed and reordered, and treats a missing inbound as no pools", () => {
    expect(edit((i) => i.inbound!.pools.pop())).toEqual(["pool dns removed"]);
    expect(edit((i) => i.inbound!.pools.reverse())).toEqual(["pools reordered: dns, web"]);
    expect(texts(ZIntent.parse(DUAL_WAN_EXAMPLE), ZIntent.parse({ ...DUAL_WAN_EXAMPLE, inbound: SERVER_POOL_EXAMPLE.inbound }))).toEqual([
      "pool web added: tcp port 443 on wan1 198.51.100.10, backends app1, app2, app3",
      "pool dns added: udp port 53 on wan2, backends ns1, ns2",
    ]);
  });

  it("says alert recipients", () => {
    expect(edit((i) => (i.alerts = { email: { to: ["noc@example.com", "ops@example.org"] } }))).toEqual([
      "alert e-mail recipients changed: +ops@example.org, −oncall+wan@example.net",
    ]);
    expect(edit((i) => (i.alerts = undefined))).toEqual(["e-mail alerts turned off"]);
    expect(texts(ZIntent.parse(DUAL_WAN_EXAMPLE), ZIntent.parse({ ...DUAL_WAN_EXAMPLE, alerts: { email: { to: ["noc@example.com"] } } }))).toEqual([
      "e-mail alerts to noc@example.com",
    ]);
  });

  it("says the RouterOS balancer change, and nothing without a previous policy", () => {
    const pcc = ZTargetOptions.parse({});
    const ecmp = ZTargetOptions.parse({ routeros: { balancer: "ecmp" } });
    expect(describeTargetOptionChanges(pcc, ecmp)).toEqual([{ subject: "RouterOS balancer", text: "RouterOS balancer PCC → ECMP" }]);
    expect(describeTargetOptionChanges(ecmp, pcc)).toEqual([{ subject: "RouterOS balancer", text: "RouterOS balancer ECMP → PCC" }]);
    expect(describeTargetOptionChanges(pcc, pcc)).toEqual([]);
    expect(describeTargetOptionChanges(null, ecmp)).toEqual([]);
  });
});

describe("[domain] movedMembers", () => {
  it("names only what moved past the others", () => {
    expect(movedMembers(["a", "b", "c", "d"], ["d", "a", "b", "c"])).toEqual(["d"]);
    expect(movedMembers(["a", "b", "c"], ["a", "b", "c"])).toEqual([]);
    expect(movedMembers(["a", "b", "x"], ["b", "y", "a"])).toHaveLength(1);
  });
});
