import { describe, expect, it } from "vitest";
import { iptablesHooks, renderIptablesRuleset } from "./iptables-ruleset";
import { renderIptablesStateUpdate } from "./iptables-pool";
import { VARIANTS } from "./variants.fixture";

const rulesOf = (text: string, chain: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith(`-A ${chain} `))
    .map((l) => l.slice(`-A ${chain} `.length));

describe("[domain] Linux iptables ruleset", () => {
  it("renders the dual-WAN example exactly", () => {
    expect(renderIptablesRuleset(VARIANTS.dual)).toMatchSnapshot();
  });

  it("touches only Waymark's chains: no built-in chain rule, policy or flush in the restore input", () => {
    for (const intent of Object.values(VARIANTS)) {
      const text = renderIptablesRuleset(intent);
      const declared = text
        .split("\n")
        .filter((l) => l.startsWith(":"))
        .map((l) => l.split(" ")[0]!.slice(1));
      expect(declared.every((c) => c.startsWith("WAYMARK_"))).toBe(true);
      const appended = text
        .split("\n")
        .filter((l) => l.startsWith("-"))
        .map((l) => l.split(" ")[1]!);
      expect(appended.every((c) => c.startsWith("WAYMARK_"))).toBe(true);
      expect(text).not.toMatch(/^-[FXIDP] /m);
      expect(text.split("\n").filter((l) => l === "COMMIT")).toHaveLength(2);
    }
  });

  it("restores and saves the connection mark under 0xff00 and keeps a WAN's inbound connections on that WAN", () => {
    expect(rulesOf(renderIptablesRuleset(VARIANTS.dual), "WAYMARK_PRE")).toEqual([
      "-j CONNMARK --restore-mark --nfmask 0xff00 --ctmask 0xff00",
      "-m mark ! --mark 0x0/0xff00 -j RETURN",
      "-m conntrack ! --ctstate NEW -j RETURN",
      "-i wan1 -j MARK --set-xmark 0x100/0xff00",
      "-i wan2 -j MARK --set-xmark 0x200/0xff00",
      "-i lan0 -m mark --mark 0x0/0xff00 -j WAYMARK_LAN",
      "-j CONNMARK --save-mark --nfmask 0xff00 --ctmask 0xff00",
    ]);
  });

  it("per-connection: a statistic cascade in WAYMARK_POOL; pins through the per-link gates", () => {
    const text = renderIptablesRuleset(VARIANTS.pinned);
    expect(rulesOf(text, "WAYMARK_POOL")).toEqual([
      "-m mark --mark 0x0/0xff00 -m statistic --mode random --probability 0.75000000000 -j WAYMARK_TO0",
      "-m mark --mark 0x0/0xff00 -j WAYMARK_TO1",
    ]);
    expect(rulesOf(text, "WAYMARK_PICK")).toEqual([
      '-d 10.0.0.0/8 -m mark --mark 0x0/0xff00 -m comment --comment "office VPN" -j WAYMARK_UP1',
      "-s 192.168.10.50 -m mark --mark 0x0/0xff00 -j WAYMARK_UP0",
      '-s 192.168.10.64/26 -d 198.18.0.0/15 -m mark --mark 0x0/0xff00 -m comment --comment "lab (bench) traffic" -j WAYMARK_UP1',
      "-m mark --mark 0x0/0xff00 -j WAYMARK_POOL",
    ]);
    expect(rulesOf(text, "WAYMARK_UP0")).toEqual(["-j WAYMARK_TO0"]);
    expect(rulesOf(text, "WAYMARK_TO1")).toEqual(['-m comment --comment "new connections assigned to isp-b" -j MARK --set-xmark 0x200/0xff00']);
  });

  it.each([
    ["stickySource", "src"],
    ["stickySourceDestination", "src,dst"],
  ] as const)("%s hashes with HMARK --hmark-tuple %s into buckets, then clears them", (variant, tuple) => {
    const text = renderIptablesRuleset(VARIANTS[variant]);
    expect(rulesOf(text, "WAYMARK_HASH")).toEqual([
      `-j HMARK --hmark-tuple ${tuple} --hmark-mod 100 --hmark-offset 0 --hmark-rnd 0x5761796d`,
      "-j WAYMARK_POOL",
      "-j MARK --set-xmark 0x0/0xff",
    ]);
    expect(rulesOf(text, "WAYMARK_PICK")).toEqual(["-m mark --mark 0x0/0xff00 -j WAYMARK_HASH"]);
  });

  it("marks 0xff00 for an unreachable or blackhole last resort", () => {
    expect(rulesOf(renderIptablesRuleset(VARIANTS.unreachable), "WAYMARK_PICK").at(-1)).toBe("-m mark --mark 0x0/0xff00 -j MARK --set-xmark 0xff00/0xff00");
    expect(rulesOf(renderIptablesRuleset(VARIANTS.dual), "WAYMARK_PICK").at(-1)).toBe("-m mark --mark 0x0/0xff00 -j WAYMARK_POOL");
  });

  it("hooks each built-in chain with one jump, checked before it is inserted", () => {
    expect(iptablesHooks().map((h) => [h.check.join(" "), h.insert.join(" ")])).toEqual([
      ["iptables -w -t mangle -C PREROUTING -j WAYMARK_PRE", "iptables -w -t mangle -I PREROUTING 1 -j WAYMARK_PRE"],
      ["iptables -w -t mangle -C OUTPUT -j WAYMARK_OUT", "iptables -w -t mangle -I OUTPUT 1 -j WAYMARK_OUT"],
      ["iptables -w -t mangle -C FORWARD -j WAYMARK_FWD", "iptables -w -t mangle -I FORWARD 1 -j WAYMARK_FWD"],
      ["iptables -w -t nat -C POSTROUTING -j WAYMARK_POST", "iptables -w -t nat -I POSTROUTING 1 -j WAYMARK_POST"],
    ]);
  });

  it("the monitor's state update rewrites the pool and the gates only", () => {
    const members = [
      { index: 0, weight: 3, tier: 1 },
      { index: 1, weight: 1, tier: 1 },
      { index: 2, weight: 1, tier: 2 },
    ];
    expect(renderIptablesStateUpdate(members, [2], "per-connection")).toBe(
      [
        "*mangle",
        ":WAYMARK_POOL - [0:0]",
        ":WAYMARK_UP0 - [0:0]",
        ":WAYMARK_UP1 - [0:0]",
        ":WAYMARK_UP2 - [0:0]",
        "-A WAYMARK_POOL -m mark --mark 0x0/0xff00 -j WAYMARK_TO2",
        "-A WAYMARK_UP2 -j WAYMARK_TO2",
        "COMMIT",
        "",
      ].join("\n"),
    );
  });
});
