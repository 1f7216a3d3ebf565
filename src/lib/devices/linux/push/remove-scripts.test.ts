import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PREPARE_COMMAND } from "./prepare-script";
import { removalApplyScript, removalConfirmScript, removalGateScript, removalScript } from "./remove-scripts";
import { settleScript } from "./settle-script";

const scripts = {
  removal: removalScript({ pushId: "r1", confirmWindowSec: 30 }),
  apply: removalApplyScript("/run/waymark/push-r1"),
  confirm: removalConfirmScript("r1"),
  gate: removalGateScript(["wan1", "wan2"]),
  settle: settleScript("r1"),
};

describe("[linux] the removal's scripts", () => {
  it.each(Object.entries(scripts))("%s is POSIX sh", (_name, script) => {
    expect(() => execFileSync("sh", ["-n", "-c", script])).not.toThrow();
    expect(() => execFileSync("sh", ["-n", "-c", PREPARE_COMMAND[2]!])).not.toThrow();
  });

  it("keeps the push's safety order: lock, then (only with something to remove) files, snapshot, arm, and only then apply", () => {
    const s = scripts.removal;
    const order = [
      "( set -e; take_lock )",
      "found=$(waymark_present)",
      "stage upload write_files",
      "stage snapshot snapshot",
      "stage arm arm",
      "lan_sample before",
      "stage apply apply",
    ].map((t) => s.lastIndexOf(t));
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(s).toMatch(
      /if \[ -z "\$found" \]; then nft delete table inet waymark_watch 2>\/dev\/null \|\| true; empty_dir \/run\/waymark; mark nothing; exit 0; fi/,
    );
  });

  it("names only Waymark's own objects: its table, WAYMARK_ chains, priorities 19000-19090, tables 20001-20016, its directories and units", () => {
    const all = Object.values(scripts).join("\n");
    for (const deleted of all.matchAll(/nft delete table (\S+ [^\s;]+)/g))
      expect(["inet waymark", "inet waymark_watch", "ip mangle", "ip nat"]).toContain(deleted[1]);
    // iptables-nft's tables and base chains only when the record says Waymark's hooks brought them, and empty.
    for (const line of all.split("\n").filter((l) => /nft delete (table|chain) ip /.test(l))) {
      expect(line).toMatch(
        /if ! grep -qx "[a-z]+( [A-Z]+)?" \/etc\/waymark\/original-iptables && nft list (table|chain) ip .* && ! nft -j list (table|chain) ip .* \| grep -q '"(rule|chain)"'; then nft delete/,
      );
    }
    for (const emptied of all.matchAll(/empty_dir (\/[^\s;]+)/g)) expect(["/etc/waymark", "/usr/local/lib/waymark", "/run/waymark"]).toContain(emptied[1]);
    expect(scripts.apply).toContain("$1 >= 19000 && $1 <= 19090");
    expect(scripts.apply).toContain('t=20001; while [ "$t" -le 20016 ]');
    expect(scripts.apply).toContain('grep -E "^-A [A-Z]+ .*-j WAYMARK_"');
    expect(scripts.confirm).toContain("rm -f /etc/systemd/system/waymark-boot.service /etc/systemd/system/waymark-monitor.service");
  });

  it("confirms only by winning the switch's race, and nothing after that can fail it", () => {
    expect(scripts.confirm.split("\n")[0]).toBe(
      'if ! rm /run/waymark/push-r1/armed 2>/dev/null; then echo "the rollback switch fired before the confirmation" >&2; exit 3; fi',
    );
    expect(scripts.confirm).not.toContain("set -e");
    expect(scripts.confirm.trim().endsWith("exit 0")).toBe(true);
  });

  it("refuses WAN names outside the Linux grammar in the gate script", () => {
    expect(() => removalGateScript(["wan1; reboot"])).toThrow();
  });
});
