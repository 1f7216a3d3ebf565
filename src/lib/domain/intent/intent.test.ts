import { describe, expect, it } from "vitest";
import { DUAL_WAN_EXAMPLE } from "./examples";
import { detectionTimeMs, intentWarnings, ZIntent, type IntentInput } from ".";

const parse = (input: IntentInput) => ZIntent.safeParse(input);

describe("[domain] intent model", () => {
  it("fills defaults that detect a dead link in about a second without flapping on one lost probe", () => {
    const intent = ZIntent.parse(DUAL_WAN_EXAMPLE);
    const probe = intent.links[0]!.probe;
    expect(probe).toMatchObject({ type: "icmp", intervalMs: 300, timeoutMs: 250, downCount: 3, upCount: 5, minAnswering: 1 });
    expect(detectionTimeMs(probe)).toEqual({ minMs: 600, maxMs: 1200 });
    expect(intent.links[0]).toMatchObject({ tier: 1, onFailover: "flush", onFailback: "keep" });
    expect(intent.outbound).toMatchObject({ method: "per-connection", lastResort: "main-table", pinned: [] });
  });

  it.each([
    ["wan1; reboot", "interface"],
    ["$(id)", "interface"],
    ["an-interface-name-longer-than-sixty-four-characters-is-refused-too", "interface"],
    ["wan1,wan2", "interface"],
    ["wan A ", "interface"],
  ])("refuses interface %j", (value) => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.links[0]!.interface = value;
    expect(parse(input).success).toBe(false);
  });

  it("refuses names and gateways outside the grammar", () => {
    const badName = structuredClone(DUAL_WAN_EXAMPLE);
    badName.links[0]!.name = 'isp"a';
    expect(parse(badName).success).toBe(false);
    const badGateway = structuredClone(DUAL_WAN_EXAMPLE);
    badGateway.links[0]!.gateway = "198.51.100.1 dev lo";
    expect(parse(badGateway).success).toBe(false);
  });

  it("refuses duplicate links, a LAN interface that is a WAN, pins to unknown links and bad prefixes", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.links[1]!.name = "isp-a";
    input.outbound.lanInterfaces = ["wan1"];
    input.outbound.pinned = [{ destination: "10.0.0.0/8", link: "isp-z" }];
    input.outbound.lanSources = ["192.168.10.1/24"];
    const messages = parse(input)
      .error!.issues.map((i) => i.message)
      .join("\n");
    expect(messages).toMatch(/two links are named isp-a/);
    expect(messages).toMatch(/wan1 is a WAN link's interface/);
    expect(messages).toMatch(/no link named isp-z/);
    expect(messages).toMatch(/bits set beyond the prefix length/);
  });

  it("checks probes for consistency", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.links[0]!.probe = { type: "tcp", targets: ["192.0.2.10"], minAnswering: 2, timeoutMs: 900, intervalMs: 300 };
    const messages = parse(input).error!.issues.map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining(["a TCP probe needs a port", "more answers required than there are targets", "the timeout must not exceed the interval"]),
    );
  });

  it("warns about sticky balancing with few hosts, a single target and a missing backup", () => {
    const input = structuredClone(DUAL_WAN_EXAMPLE);
    input.outbound.method = "sticky-source";
    input.outbound.lanSources = ["192.168.10.0/30"];
    input.links[1]!.probe = { targets: ["192.0.2.10"] };
    const codes = intentWarnings(ZIntent.parse(input)).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(["sticky-too-few-hosts", "single-probe-target"]));
    const warning = intentWarnings(ZIntent.parse(input)).find((w) => w.code === "sticky-too-few-hosts")!;
    expect(warning.message).toBe("sticky by source with 2 LAN hosts cannot follow weights 3:1: each host moves 50 % of the traffic at once");
    const single = ZIntent.parse({ ...DUAL_WAN_EXAMPLE, links: [DUAL_WAN_EXAMPLE.links[0]!] });
    expect(intentWarnings(single).map((w) => w.code)).toContain("single-link");
  });
});

describe("[domain] intent: one device object per LAN interface and source", () => {
  it("refuses a LAN interface or source given twice (a /32 written bare or with its prefix is the same source)", () => {
    const base = ZIntent.parse(DUAL_WAN_EXAMPLE);
    const twice = (outbound: Partial<typeof base.outbound>) => ZIntent.safeParse({ ...base, outbound: { ...base.outbound, ...outbound } });
    expect(twice({ lanInterfaces: ["lan0", "lan0"] }).error?.issues.map((i) => i.message)).toContain("LAN interfaces repeat");
    expect(twice({ lanSources: ["192.168.10.5", "192.168.10.5/32"] }).error?.issues.map((i) => i.message)).toContain("LAN sources repeat");
  });
});
