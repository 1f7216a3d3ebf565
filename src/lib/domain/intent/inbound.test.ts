import { describe, expect, it } from "vitest";
import { intentWarnings, ZIntent, type Intent, type IntentInput } from ".";
import { compileLinux } from "../compile/linux";
import { compileRouterOs } from "../compile/routeros";
import { SERVER_POOL_EXAMPLE } from "./examples";

const messages = (input: IntentInput) => {
  const result = ZIntent.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};
const edit = (change: (i: IntentInput) => void): IntentInput => {
  const input = structuredClone(SERVER_POOL_EXAMPLE);
  change(input);
  return input;
};
const pool = (i: IntentInput) => i.inbound!.pools![0]!;

describe("[domain] intent: inbound server pools and alerts", () => {
  it("fills defaults and keeps intents without pools or alerts as they were", () => {
    const intent = ZIntent.parse(SERVER_POOL_EXAMPLE);
    expect(intent.inbound!.pools[1]).toMatchObject({ sticky: "per-connection", probe: { type: "icmp", intervalMs: 1000, timeoutMs: 500 } });
    expect(intent.inbound!.pools[1]!.backends[0]).toEqual({ name: "ns1", address: "192.168.10.53", weight: 1, state: "active" });
    const plain = ZIntent.parse({ links: SERVER_POOL_EXAMPLE.links, outbound: SERVER_POOL_EXAMPLE.outbound });
    expect("inbound" in plain || "alerts" in plain).toBe(false);
  });

  it("cross-checks pools: unique names, free listen ports, distinct backends, an active backend", () => {
    const found = messages(
      edit((i) => {
        i.inbound!.pools![1]!.name = "web";
        i.inbound!.pools!.push({
          name: "web2",
          listen: { interface: "wan1", protocol: "tcp", port: 443 },
          backends: [{ name: "x", address: "192.168.10.9", state: "drain" }],
        });
        pool(i).backends[1]!.name = "app1";
        pool(i).backends[2]!.address = "192.168.10.21";
        pool(i).backends[2]!.port = 443;
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "two pools are named web",
        "pools web and web2 both listen on wan1 tcp port 443",
        "two backends are named app1",
        "two backends are 192.168.10.21:443",
        "pool web2 has no active backend",
      ]),
    );
    // Same port on another address or protocol is fine.
    expect(
      messages(
        edit((i) =>
          i.inbound!.pools!.push({
            name: "web2",
            listen: { interface: "wan1", address: "198.51.100.11", protocol: "tcp", port: 443 },
            backends: [{ name: "x", address: "192.168.10.9" }],
          }),
        ),
      ),
    ).toEqual([]);
    expect(
      messages(
        edit((i) =>
          i.inbound!.pools!.push({
            name: "web2",
            listen: { interface: "wan1", address: "198.51.100.10", protocol: "udp", port: 443 },
            backends: [{ name: "x", address: "192.168.10.9" }],
          }),
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ["pool name", (i: IntentInput) => (pool(i).name = 'web"; /system reboot')],
    ["backend name", (i: IntentInput) => (pool(i).backends[0]!.name = "app$1")],
    ["backend name", (i: IntentInput) => (pool(i).backends[0]!.name = "App1")],
    ["listen interface", (i: IntentInput) => (pool(i).listen.interface = "wan1 [find]")],
    ["listen address", (i: IntentInput) => (pool(i).listen.address = "198.51.100.10/24")],
    ["backend address", (i: IntentInput) => (pool(i).backends[0]!.address = "192.168.10.21:80")],
    ["backend address", (i: IntentInput) => (pool(i).backends[0]!.address = "app.example.com")],
    ["port", (i: IntentInput) => (pool(i).listen.port = 70000)],
    ["weight", (i: IntentInput) => (pool(i).backends[0]!.weight = 0)],
    ["state", (i: IntentInput) => ((pool(i).backends[0] as { state: string }).state = "maintenance")],
    ["probe", (i: IntentInput) => (pool(i).probe = { type: "icmp", intervalMs: 500, timeoutMs: 900 })],
    ["unknown field", (i: IntentInput) => ((pool(i) as Record<string, unknown>).script = "/system reboot")],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ['noc"@example.com'])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["$noc@example.com"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["noc@[192.0.2.1]"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["noc@example.com\n/system reboot"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["noc example@example.com"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["noc@localhost"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = ["noc@example.com", "NOC@example.com"])],
    ["e-mail", (i: IntentInput) => (i.alerts!.email!.to = [])],
    ["pinned comment", (i: IntentInput) => (i.outbound.pinned = [{ destination: "10.0.0.0/8", link: "isp-a", comment: 'vpn"; :put [/system reboot]' }])],
  ])("refuses a hostile or malformed %s before any script is built", (_what, change) => {
    const input = edit(change);
    expect(ZIntent.safeParse(input).success).toBe(false);
    // A caller that skips validation is refused by the compiler's own parse, before anything is rendered.
    expect(() => compileRouterOs(input as Intent, { version: "7" })).toThrow();
  });

  it("accepts ordinary mailboxes", () => {
    expect(messages(edit((i) => (i.alerts!.email!.to = ["first.last+wan@mail.example.co.uk", "NOC_2@example.org"])))).toEqual([]);
  });

  it("the Linux compiler realises pools with nftables only, and notes that its alerts come later", () => {
    const pools = compileLinux(ZIntent.parse(SERVER_POOL_EXAMPLE), { flavour: "nftables" });
    expect(pools.ruleset).toContain("dnat ip to");
    expect(pools.warnings.filter((w) => w.severity === "error")).toEqual([]);
    const iptables = compileLinux(ZIntent.parse(SERVER_POOL_EXAMPLE), { flavour: "iptables" });
    expect(iptables.warnings.find((w) => w.code === "linux-pools-need-nftables")).toMatchObject({ severity: "error" });
    expect(iptables.warnings.find((w) => w.code === "linux-pools-need-nftables")?.message).toContain("server pools need nftables");
    const alertsOnly = ZIntent.parse(edit((i) => delete i.inbound));
    const plan = compileLinux(alertsOnly, { flavour: "nftables" });
    expect(plan.warnings.find((w) => w.code === "linux-alerts-later")).toMatchObject({ severity: "info" });
    expect(compileLinux(ZIntent.parse(edit((i) => (i.inbound = { pools: [] }))), { flavour: "iptables" }).target).toBe("linux-iptables");
  });
  it("keeps a path and an expected status to HTTP checks, and counts within 1–10", () => {
    const probe = (p: Record<string, unknown>) => messages(edit((i) => (pool(i).probe = { intervalMs: 1000, timeoutMs: 500, ...p } as never)));
    expect(probe({ type: "http", path: "/healthz", expectStatus: 204, downCount: 3, upCount: 1 })).toEqual([]);
    expect(probe({ type: "tcp", path: "/healthz" })).toEqual(["only an HTTP probe asks for a path"]);
    expect(probe({ type: "icmp", expectStatus: 200 })).toEqual(["only an HTTP probe expects a status"]);
    expect(probe({ type: "http", path: "healthz" })).toEqual(["a path such as /healthz: letters, digits and . _ ~ / -"]);
    expect(probe({ type: "http", path: "/a b" })).toHaveLength(1);
    expect(probe({ type: "http", expectStatus: 700, downCount: 0 })).toHaveLength(2);
    const once = ZIntent.parse(edit((i) => (pool(i).probe = { type: "tcp", intervalMs: 1000, timeoutMs: 500, downCount: 1 })));
    expect(intentWarnings(once).find((w) => w.code === "pool-no-down-hysteresis")?.message).toBe(
      "pool web takes a backend out on a single failed probe: one lost answer stops its new connections until it answers again",
    );
    expect(intentWarnings(ZIntent.parse(SERVER_POOL_EXAMPLE)).some((w) => w.code === "pool-no-down-hysteresis")).toBe(false);
  });
});
