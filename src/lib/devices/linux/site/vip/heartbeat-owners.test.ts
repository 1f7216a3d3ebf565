import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSite } from "@/lib/domain/site/compile";
import { ZSharedVipSite } from "@/lib/domain/site/intent";
import { owners } from "@/lib/domain/site/vip/rendezvous";

// The daemon on the node and the dashboard must agree on every owner: the daemon's "owners" mode against the
// TypeScript rendezvous hash, for many sites, bucket counts and alive sets.
const DAEMON = fileURLToPath(new URL("../../assets/vip-heartbeat.pl", import.meta.url));

function daemonOwners(site: string, buckets: number, alive: number[]): (number | null)[] {
  const out = execFileSync("perl", [DAEMON, "owners", site, String(buckets), alive.join(",")], { encoding: "utf8" });
  return out
    .trim()
    .split(" ")
    .map((o) => (o === "-" ? null : Number(o)));
}

describe("vip-heartbeat.pl owners", () => {
  it("computes the same owner for every bucket as domain/site/vip/rendezvous.ts", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const cases: [string, number, number[]][] = [
      ["web", 64, [1, 2, 3]],
      ["web", 64, []],
      ["a", 2, [32]],
    ];
    for (let i = 0; i < 40; i++) {
      const site = ["web", "api-2", "x", "long-site-name-here-123"][i % 4] as string;
      const buckets = 2 + Math.floor(random() * 255);
      const alive = Array.from({ length: 32 }, (_, n) => n + 1).filter(() => random() < 0.3);
      cases.push([site, buckets, alive]);
    }
    for (const [site, buckets, alive] of cases) expect(daemonOwners(site, buckets, alive), `${site} ${buckets} ${alive}`).toEqual(owners(site, buckets, alive));
  });

  it("parses the compiler's configuration and refuses anything else", () => {
    const dir = mkdtempSync(join(tmpdir(), "wm-vip-conf-"));
    try {
      const intent = ZSharedVipSite.parse({
        kind: "shared-vip",
        vip: "198.51.100.10",
        check: { type: "http", port: 80, path: "/healthz" },
        members: [1, 2].map((n) => ({ device: `d${n}`, role: "vip-node", interface: "eth0", address: `198.51.100.1${n}`, nodeId: n })),
      });
      const devices = new Map(intent.members.map((m) => [m.device, { id: m.device, name: m.device, capabilities: null }]));
      const plan = compileSite("web", intent, devices).members[0]?.plan;
      const conf = plan?.files.find((f) => f.path.endsWith("heartbeat.conf"))?.content ?? "";
      writeFileSync(join(dir, "good.conf"), conf);
      expect(execFileSync("perl", [DAEMON, "check-config", join(dir, "good.conf")], { encoding: "utf8" })).toBe("ok\n");
      writeFileSync(join(dir, "bad.conf"), conf.replace("\nsite web\n", "\nsite web; rm -rf /\n"));
      expect(() => execFileSync("perl", [DAEMON, "check-config", join(dir, "bad.conf")], { stdio: "pipe" })).toThrow(/unexpected line/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
