import { describe, expect, it } from "vitest";
import { ZIntent } from "../../intent";
import { cleanup, routes, rules, sysctls } from "./routing";
import { VARIANTS } from "./variants.fixture";

describe("[domain] Linux routing", () => {
  it("one table per link with only its default route", () => {
    expect(routes(VARIANTS.threeLinksTwoTiers).map((r) => r.argv.join(" "))).toEqual([
      "ip route replace default via 198.51.100.1 dev wan1 table 20001",
      "ip route replace default via 203.0.113.1 dev wan2 table 20002",
      "ip route replace default via 100.64.0.1 dev wan3 table 20003",
    ]);
  });

  it("main without its default first, then one rule per link mark", () => {
    expect(rules(VARIANTS.dual)).toEqual([
      {
        pref: 19000,
        selector: "",
        action: "lookup main suppress_prefixlength 0",
        argv: ["ip", "rule", "add", "pref", "19000", "lookup", "main", "suppress_prefixlength", "0"],
      },
      {
        pref: 19001,
        selector: "fwmark 0x100/0xff00",
        action: "lookup 20001",
        argv: ["ip", "rule", "add", "pref", "19001", "fwmark", "0x100/0xff00", "lookup", "20001"],
      },
      {
        pref: 19002,
        selector: "fwmark 0x200/0xff00",
        action: "lookup 20002",
        argv: ["ip", "rule", "add", "pref", "19002", "fwmark", "0x200/0xff00", "lookup", "20002"],
      },
    ]);
  });

  it.each(["unreachable", "blackhole"] as const)("last resort %s answers for the no-link mark", (lastResort) => {
    expect(rules(VARIANTS[lastResort]).at(-1)!.argv.join(" ")).toBe(`ip rule add pref 19090 fwmark 0xff00/0xff00 ${lastResort}`);
  });

  it("clears every Waymark rule priority and the tables of unused link indexes", () => {
    const steps = cleanup(VARIANTS.threeLinksTwoTiers);
    expect(steps.filter((s) => s.untilFails).map((s) => s.argv[4])).toEqual(["19000", ...Array.from({ length: 16 }, (_, i) => String(19001 + i)), "19090"]);
    expect(steps.filter((s) => !s.untilFails).map((s) => s.argv.join(" "))).toEqual(Array.from({ length: 13 }, (_, i) => `ip route flush table ${20004 + i}`));
  });

  it("forwarding, marks in reverse-path checks, loose rp_filter on each WAN (a dotted name written with /)", () => {
    const intent = ZIntent.parse({ ...structuredClone(VARIANTS.dual), links: [{ ...VARIANTS.dual.links[0]!, interface: "eth0.100" }] });
    expect(sysctls(intent).map((s) => [s.key, s.value, s.path])).toEqual([
      ["net.ipv4.ip_forward", "1", "/proc/sys/net/ipv4/ip_forward"],
      ["net.ipv4.conf.all.src_valid_mark", "1", "/proc/sys/net/ipv4/conf/all/src_valid_mark"],
      ["net.ipv4.conf.eth0/100.rp_filter", "2", "/proc/sys/net/ipv4/conf/eth0.100/rp_filter"],
    ]);
    expect(sysctls(intent)[2]!.argv).toEqual(["sysctl", "-w", "net.ipv4.conf.eth0/100.rp_filter=2"]);
  });
});
