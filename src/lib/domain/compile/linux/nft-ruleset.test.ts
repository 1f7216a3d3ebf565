import { describe, expect, it } from "vitest";
import { renderNftRuleset } from "./nft-ruleset";
import { VARIANTS } from "./variants.fixture";

const lines = (text: string) => text.split("\n").map((l) => l.trim());
const chainOf = (text: string, name: string) => {
  const all = text.split("\n");
  const start = all.findIndex((l) => l.trim() === `chain ${name} {`);
  const end = all.findIndex((l, i) => i > start && l === "\t}");
  return all
    .slice(start + 1, end)
    .map((l) => l.trim())
    .filter((l) => !l.startsWith("#"));
};

describe("[domain] Linux nftables ruleset", () => {
  it("renders the dual-WAN example exactly", () => {
    expect(renderNftRuleset(VARIANTS.dual)).toMatchSnapshot();
  });

  it("replaces only table inet waymark, atomically", () => {
    const text = renderNftRuleset(VARIANTS.dual);
    expect(lines(text).slice(0, 1)).toEqual(["#!/usr/sbin/nft -f"]);
    const head = lines(text)
      .filter((l) => !l.startsWith("#"))
      .slice(0, 3);
    expect(head).toEqual(["table inet waymark", "delete table inet waymark", "table inet waymark {"]);
    expect(text).not.toMatch(/flush ruleset|table ip |table ip6 /);
  });

  it("declares per-link counters, the live set and the pool for all links up", () => {
    const text = renderNftRuleset(VARIANTS.threeLinksTwoTiers);
    for (const name of ["new_isp_a", "tx_isp_a", "rx_isp_a", "new_isp_b", "new_lte", "tx_lte", "rx_lte", "nolink_new"]) {
      expect(text).toMatch(new RegExp(`^\\tcounter ${name} \\{ comment "`, "m"));
    }
    expect(lines(text)).toContain("elements = { 0x100, 0x200, 0x300 }");
    expect(lines(text)).toContain("elements = { 0-74 : 0x100, 75-99 : 0x200 }");
    expect(lines(text)).toContain("typeof numgen random mod 100 : meta mark");
    expect(chainOf(text, "forward")).toEqual([
      "type filter hook forward priority mangle; policy accept;",
      'counter name oifname map { "wan1" : "tx_isp_a", "wan2" : "tx_isp_b", "wan3" : "tx_lte" }',
      'counter name iifname map { "wan1" : "rx_isp_a", "wan2" : "rx_isp_b", "wan3" : "rx_lte" }',
    ]);
    expect(chainOf(text, "postrouting")).toEqual([
      "type nat hook postrouting priority srcnat; policy accept;",
      'meta nfproto ipv4 oifname "wan1" masquerade',
      'meta nfproto ipv4 oifname "wan2" masquerade',
      'meta nfproto ipv4 oifname "wan3" masquerade',
    ]);
  });

  it.each([
    ["dual", "numgen random mod 100"],
    ["stickySource", "jhash ip saddr mod 100 seed 0x5761796d"],
    ["stickySourceDestination", "jhash ip saddr . ip daddr mod 100 seed 0x5761796d"],
  ] as const)("%s picks with %s through the pool", (variant, key) => {
    expect(chainOf(renderNftRuleset(VARIANTS[variant]), "pick")).toEqual([
      `meta mark set ${key} map @wan_pool counter name meta mark and 0xff00 map { 0x100 : "new_isp_a", 0x200 : "new_isp_b" } return`,
      'counter name "nolink_new"',
    ]);
  });

  it("tries pinned traffic first, each only while its link is up, then resets the mark for the pool", () => {
    expect(chainOf(renderNftRuleset(VARIANTS.pinned), "pick").slice(0, 4)).toEqual([
      'ip daddr 10.0.0.0/8 meta mark set meta mark and 0xffff00ff or 0x200 meta mark and 0xff00 @links_up counter name "new_isp_b" return comment "office VPN"',
      'ip saddr 192.168.10.50 meta mark set meta mark and 0xffff00ff or 0x100 meta mark and 0xff00 @links_up counter name "new_isp_a" return',
      'ip saddr 192.168.10.64/26 ip daddr 198.18.0.0/15 meta mark set meta mark and 0xffff00ff or 0x200 meta mark and 0xff00 @links_up counter name "new_isp_b" return comment "lab (bench) traffic"',
      "meta mark set meta mark and 0xffff00ff",
    ]);
  });

  it.each(["unreachable", "blackhole"] as const)("last resort %s marks 0xff00 when the pool is empty", (variant) => {
    expect(chainOf(renderNftRuleset(VARIANTS[variant]), "pick").at(-1)).toBe('meta mark set meta mark and 0xffff00ff or 0xff00 counter name "nolink_new"');
  });

  it("balances only new IPv4 connections from the LAN sources on the LAN interfaces, never LAN-to-LAN or to the gateway", () => {
    const text = renderNftRuleset(VARIANTS.blackhole);
    expect(chainOf(text, "prerouting")).toEqual([
      "type filter hook prerouting priority mangle; policy accept;",
      "meta nfproto != ipv4 return",
      "meta mark set ct mark",
      "meta mark and 0xff00 != 0x0 return",
      "ct state != new return",
      'iifname "wan1" meta mark set meta mark and 0xffff00ff or 0x100 ct mark set meta mark return',
      'iifname "wan2" meta mark set meta mark and 0xffff00ff or 0x200 ct mark set meta mark return',
      'iifname != { "lan0", "lan1" } return',
      "ip saddr != @lan_sources return",
      "ip daddr @lan_sources return",
      "fib daddr type { local, broadcast, multicast } return",
      "jump pick",
      "ct mark set meta mark",
    ]);
    expect(lines(text)).toContain("elements = { 192.168.10.0/24, 192.168.0.0/16, 10.20.30.40 }");
    expect(chainOf(text, "output")).toEqual([
      "type route hook output priority mangle; policy accept;",
      "meta nfproto != ipv4 return",
      "meta mark and 0xff00 != 0x0 ct mark set meta mark return",
      "meta mark set ct mark",
      "meta mark and 0xff00 != 0x0 return",
      "ct state != new return",
      'oifname "lo" return',
      "fib daddr type { local, broadcast, multicast } return",
      "ip daddr @lan_sources return",
      "jump pick",
      "ct mark set meta mark",
    ]);
  });

  it("never uses typeof jhash (segfaults nft list on 1.0.6)", () => {
    for (const intent of Object.values(VARIANTS)) expect(renderNftRuleset(intent)).not.toMatch(/typeof jhash/);
  });
});
