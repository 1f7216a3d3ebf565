import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Intent } from "../../intent";
import { CompileGrammarError } from "./guard";
import { linkModels } from "./links";
import { monitorConfig, renderMonitorConfig } from "./monitor-config";
import { VARIANTS } from "./variants.fixture";

describe("[domain] Linux monitor.conf", () => {
  it("renders the three-link example exactly", () => {
    expect(renderMonitorConfig(monitorConfig(VARIANTS.threeLinksTwoTiers, "nftables"))).toMatchSnapshot();
  });

  it("carries every link's probe, mark, table, weight and tier", () => {
    const text = renderMonitorConfig(monitorConfig(VARIANTS.threeLinksTwoTiers, "iptables"));
    for (const line of [
      "FLAVOUR='iptables'",
      "NFT_TABLE='inet waymark'",
      "MARK_MASK='0xff00'",
      "LAST_RESORT='main-table'",
      "STATE_FILE='/run/waymark/monitor.state'",
      "LINK_COUNT='3'",
      "LINK_2_NAME='lte'",
      "LINK_2_INTERFACE='wan3'",
      "LINK_2_GATEWAY='100.64.0.1'",
      "LINK_2_MARK='0x300'",
      "LINK_2_TABLE='20003'",
      "LINK_2_WEIGHT='1'",
      "LINK_2_TIER='2'",
      "LINK_2_PROBE_TYPE='tcp'",
      "LINK_2_PROBE_PORT='443'",
      "LINK_2_PROBE_TARGETS='192.0.2.10'",
      "LINK_2_ON_FAILBACK='flush'",
      "LINK_0_PROBE_PORT=''",
      "LINK_0_PROBE_TARGETS='192.0.2.10 192.0.2.11'",
    ]) {
      expect(text.split("\n")).toContain(line);
    }
  });

  it("is read back unchanged by a POSIX shell", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wmc-conf-"));
    try {
      const file = path.join(dir, "monitor.conf");
      writeFileSync(file, renderMonitorConfig(monitorConfig(VARIANTS.threeLinksTwoTiers, "nftables")));
      const script =
        'set -eu; . "$1"; printf "%s|" "$NFT_TABLE" "$LINK_COUNT" "$LINK_0_PROBE_TARGETS" "$LINK_1_MARK" "$LINK_2_PROBE_PORT" "$LINK_0_PROBE_PORT"';
      const result = spawnSync("sh", ["-c", script, "sh", file], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe("inet waymark|3|192.0.2.10 192.0.2.11|0x200|443||");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to write a value outside the grammar, even if the intent was never parsed", () => {
    const config = monitorConfig(VARIANTS.dual, "nftables");
    const tampered = { ...config, links: [{ ...config.links[0]!, name: "x'; reboot; '" }] };
    expect(() => renderMonitorConfig(tampered)).toThrow(CompileGrammarError);
    const bad = (change: (i: Intent) => void) => {
      const intent = structuredClone(VARIANTS.dual);
      change(intent);
      return () => linkModels(intent);
    };
    expect(bad((i) => (i.links[0]!.interface = "wan1 $(id)"))).toThrow(CompileGrammarError);
    expect(bad((i) => (i.links[0]!.gateway = "1.2.3.4; reboot"))).toThrow(CompileGrammarError);
    expect(bad((i) => (i.links[1]!.name = 'b" ; flush ruleset ; "'))).toThrow(CompileGrammarError);
    const probe = structuredClone(VARIANTS.dual);
    probe.links[0]!.probe.targets = ["192.0.2.1 192.0.2.2"];
    expect(() => monitorConfig(probe, "nftables")).toThrow(CompileGrammarError);
  });
});
