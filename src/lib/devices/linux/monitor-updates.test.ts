import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLinux, poolFor, renderIptablesStateUpdate, renderNftStateUpdate, type LinuxFlavour } from "@/lib/domain/compile/linux";
import { VARIANTS } from "@/lib/domain/compile/linux/variants.fixture";
import { ZIntent, type Intent, type IntentInput } from "@/lib/domain/intent";
import { hasDash, run, SCRIPT } from "@tests/support/linux/monitor-rig";

// The on-gateway monitor (assets/monitor.sh) on its own, in dry mode (no root needed): its state updates are
// byte-identical to the compiler's reference (renderNftStateUpdate / renderIptablesStateUpdate) for many
// weight/tier/method/live-link combinations. The monitor-*.lab.test.ts files run it in the real WAN labs.

function intentWith(links: { weight: number; tier: number }[], method: Intent["outbound"]["method"]): Intent {
  return ZIntent.parse({
    links: links.map((l, i) => ({
      name: `l${i}`,
      interface: `wan${i + 1}`,
      gateway: `10.${i}.0.1`,
      weight: l.weight,
      tier: l.tier,
      probe: { targets: ["192.0.2.10", "192.0.2.11"] },
    })),
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"], method },
  } satisfies IntentInput);
}

/** Deterministic pseudo-random live sets (mulberry32). */
function randomSubsets(n: number, count: number, seed: number): number[][] {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Array.from({ length: n }, (_, i) => i).filter(() => next() < 0.6));
}

function allSubsets(n: number): number[][] {
  return Array.from({ length: 1 << n }, (_, bits) => Array.from({ length: n }, (_, i) => i).filter((i) => bits & (1 << i)));
}

describe.skipIf(!hasDash)("[monitor] monitor.sh state updates equal the compiler's reference", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wm-monitor-dry-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sixteen = Array.from({ length: 16 }, (_, i) => ({ weight: i === 15 ? 1 : 100, tier: 1 }));
  const cases: { name: string; intent: Intent; subsets: number[][] }[] = [
    { name: "dual 3:1", intent: VARIANTS.dual, subsets: allSubsets(2) },
    { name: "three links, two tiers", intent: VARIANTS.threeLinksTwoTiers, subsets: allSubsets(3) },
    { name: "sticky source", intent: VARIANTS.stickySource, subsets: allSubsets(2) },
    { name: "sticky source+destination", intent: VARIANTS.stickySourceDestination, subsets: allSubsets(2) },
    {
      name: "five links, odd weights, three tiers, per-connection",
      intent: intentWith(
        [
          { weight: 7, tier: 1 },
          { weight: 3, tier: 2 },
          { weight: 1, tier: 1 },
          { weight: 100, tier: 2 },
          { weight: 13, tier: 3 },
        ],
        "per-connection",
      ),
      subsets: allSubsets(5),
    },
    {
      name: "five links, odd weights, sticky",
      intent: intentWith(
        [
          { weight: 7, tier: 1 },
          { weight: 3, tier: 1 },
          { weight: 1, tier: 1 },
          { weight: 100, tier: 1 },
          { weight: 13, tier: 2 },
        ],
        "sticky-source",
      ),
      subsets: allSubsets(5),
    },
    {
      name: "equal thirds (ties to the earlier link)",
      intent: intentWith(
        [
          { weight: 1, tier: 1 },
          { weight: 1, tier: 1 },
          { weight: 1, tier: 1 },
        ],
        "sticky-source-destination",
      ),
      subsets: allSubsets(3),
    },
    {
      name: "sixteen links, one starved (a zero count takes a bucket)",
      intent: intentWith(sixteen, "per-connection"),
      subsets: [Array.from({ length: 16 }, (_, i) => i), ...randomSubsets(16, 12, 7)],
    },
    {
      name: "sixteen links, mixed weights and tiers, sticky",
      intent: intentWith(
        Array.from({ length: 16 }, (_, i) => ({ weight: ((i * 37) % 100) + 1, tier: (i % 3) + 1 })),
        "sticky-source",
      ),
      subsets: randomSubsets(16, 12, 11),
    },
  ];

  for (const flavour of ["nftables", "iptables"] as LinuxFlavour[]) {
    it.each(cases)(`${flavour}: $name`, ({ intent, subsets }) => {
      const plan = compileLinux(intent, { flavour });
      const conf = path.join(dir, `${flavour}-${Math.random().toString(36).slice(2)}.conf`);
      writeFileSync(conf, plan.monitor.config);
      const members = plan.monitor.links.map((l) => ({ index: l.index, weight: l.weight, tier: l.tier }));
      for (const live of subsets) {
        const expected = flavour === "nftables" ? renderNftStateUpdate(members, live) : renderIptablesStateUpdate(members, live, intent.outbound.method);
        const got = run(["dash", SCRIPT, "--print-update", live.join(" "), conf]);
        expect(got.stderr).toBe("");
        expect({ live, update: got.stdout }).toEqual({ live, update: expected });
        const pool = run(["dash", SCRIPT, "--print-pool", live.join(" "), conf]).stdout.trim();
        const reference =
          poolFor(members, live)
            .map((r) => `${r.index}:${r.from}-${r.to}`)
            .join(",") || "-";
        expect({ live, pool }).toEqual({ live, pool: reference });
      }
    });
  }

  it("the config path also comes from WAYMARK_MONITOR_CONFIG", () => {
    const conf = path.join(dir, "env.conf");
    writeFileSync(conf, compileLinux(VARIANTS.dual, { flavour: "nftables" }).monitor.config);
    const got = run(["dash", SCRIPT, "--print-pool", "0 1"], { env: { ...process.env, WAYMARK_MONITOR_CONFIG: conf } });
    expect(got.stdout).toBe("0:0-74,1:75-99\n");
  });

  it("refuses an unknown WAYMARK_CONFIG_FORMAT, and a config that would run code, before doing anything", () => {
    const good = compileLinux(VARIANTS.dual, { flavour: "nftables" }).monitor.config;
    const env = { ...process.env, WAYMARK_RUN_DIR: path.join(dir, "run-refuse"), WAYMARK_MONITOR_LOG: "stderr" };
    const format2 = path.join(dir, "format2.conf");
    writeFileSync(format2, good.replace("WAYMARK_CONFIG_FORMAT='1'", "WAYMARK_CONFIG_FORMAT='2'"));
    const refused = run(["dash", SCRIPT, format2], { env });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("unknown WAYMARK_CONFIG_FORMAT '2'");
    const evil = path.join(dir, "evil.conf");
    writeFileSync(evil, `${good}LINK_0_NAME='x'; touch ${dir}/pwned\n`);
    const bad = run(["dash", SCRIPT, evil], { env });
    expect(bad.status).toBe(2);
    expect(existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(existsSync(path.join(dir, "run-refuse", "monitor.pid"))).toBe(false);
    const missingKey = path.join(dir, "missing.conf");
    writeFileSync(missingKey, good.replace(/^LINK_1_PROBE_UP_COUNT=.*\n/m, ""));
    expect(run(["dash", SCRIPT, missingKey], { env }).stderr).toContain("LINK_1_PROBE_UP_COUNT is missing");
  });

  it("passes dash's syntax check", () => {
    expect(run(["dash", "-n", SCRIPT])).toMatchObject({ status: 0, stderr: "" });
  });
});
