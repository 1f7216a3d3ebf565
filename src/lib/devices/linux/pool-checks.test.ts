import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLinux } from "@/lib/domain/compile/linux";
import { poolElements } from "@/lib/domain/compile/linux/server-pools";
import { ZIntent, type IntentInput } from "@/lib/domain/intent";
import { hasDash, run } from "@tests/support/linux/monitor-rig";
import { parsePoolState } from "./pool-state";

// The backend checks' map updates (assets/pool-checks.sh, dry mode) equal the compiler's reference (poolElements)
// for every combination of backends up; the pool lab (pool.lab.test.ts) runs the checks for real.

const SCRIPT = fileURLToPath(new URL("./assets/pool-checks.sh", import.meta.url));

function intent(weights: number[], states: ("active" | "drain" | "disabled")[] = []): IntentInput {
  return {
    links: [{ name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: ["192.0.2.10"] } }],
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
    inbound: {
      pools: [
        {
          name: "web-a",
          listen: { interface: "wan1", protocol: "tcp", port: 80 },
          probe: { type: "http", path: "/health~z", intervalMs: 500, timeoutMs: 200 },
          backends: weights.map((weight, i) => ({
            name: `b${i + 1}`,
            address: `192.168.10.${11 + i}`,
            port: 8080 + (i % 2),
            weight,
            state: states[i] ?? "active",
          })),
        },
      ],
    },
  };
}

describe.skipIf(!hasDash)("[monitor] pool-checks.sh map updates equal the compiler's reference", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wm-pool-dry-"));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["1:2:1", [1, 2, 1], []],
    ["five odd weights, one drained, one disabled", [5, 3, 2, 7, 1], ["active", "drain", "active", "disabled", "active"]],
    ["twelve equal", Array.from({ length: 12 }, () => 1), []],
  ] as const)("%s", (_name, weights, states) => {
    const plan = compileLinux(ZIntent.parse(intent([...weights], [...states])), { flavour: "nftables" });
    const conf = path.join(dir, "monitor.conf");
    writeFileSync(conf, plan.monitor.config);
    const pool = plan.monitor.pools![0]!;
    const n = pool.backends.length;
    const subsets = Array.from({ length: Math.min(1 << n, 64) }, (_, k) => (k * 2654435761) % (1 << n)).map((bits) =>
      Array.from({ length: n }, (_, i) => i).filter((i) => bits & (1 << i)),
    );
    for (const up of subsets) {
      const got = run(["dash", SCRIPT, "--print-map", "0", up.join(" "), conf]);
      expect(got.stderr).toBe("");
      const active = up.filter((i) => pool.backends[i]!.state === "active");
      const elements = poolElements(pool, new Set(active));
      const expected = `flush map inet waymark pool_web_a\n${elements === "" ? "" : `add element inet waymark pool_web_a { ${elements} }\n`}`;
      expect(got.stdout, `up: ${up.join(" ")}`).toBe(expected);
    }
  });

  it("refuses a config line outside the grammar", () => {
    const conf = path.join(dir, "bad.conf");
    writeFileSync(conf, "POOL_COUNT='1'\nPOOL_0_NAME='$(reboot)'\n");
    const got = run(["dash", SCRIPT, "--print-map", "0", "0", conf]);
    expect(got.status).toBe(2);
  });
});

describe("[monitor] the pools state file", () => {
  it("parses what pool-checks.sh writes, and refuses anything else", () => {
    const state = parsePoolState(
      [
        "pools pid=5907 started=1796533311210 updated=1796533317027 format=1 apply=ok",
        "backend 0 0 web b1 up since=1796533311210 fails=0 passes=24",
        "backend 0 1 web b2 down since=1796533316722 fails=2 passes=0 later=1",
        "backend 0 2 web b3 sideways since=1",
      ].join("\n"),
    );
    expect(state).toEqual({
      updatedAt: 1796533317027,
      apply: "ok",
      stoppedAt: null,
      backends: [
        { pool: "web", name: "b1", verdict: "up", since: 1796533311210, fails: 0, passes: 24 },
        { pool: "web", name: "b2", verdict: "down", since: 1796533316722, fails: 2, passes: 0 },
      ],
    });
    expect(parsePoolState("")).toBeNull();
    expect(parsePoolState("monitor pid=1")).toBeNull();
    expect(parsePoolState("pools pid=1 updated=2 format=2")).toBeNull();
  });
});
