// The live counters of the real Linux lab gateway through the API: every rule of Waymark's nft table and of the
// admin's own table (read from one `nft -j list ruleset`), in words, numbered per chain; "reset counters" zeroes
// Waymark's named counters and leaves the admin's rule counting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWanLab, type WanLab } from "../../lab";
import { startPrivateSshd, type PrivateSshd } from "../../lab/private-sshd";
import type { RuleReading } from "@/lib/domain/device/reading";
import type { IntentInput } from "@/lib/domain/intent";
import { pushFinished, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";
import { addLabGateway } from "./lab-gateway";

let lab: WanLab;
let sshd: PrivateSshd;
let app: AppEnvironment;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;

// The admin's own table: an SMTP block and a counter of everything forwarded from the LAN.
const ADMIN_TABLE = `table inet office {
  chain forward {
    type filter hook forward priority filter; policy accept;
    iifname "lan0" tcp dport 25 counter drop comment "no SMTP from the LAN"
    iifname "lan0" counter comment "LAN forwarded"
  }
}
`;

const rulesOf = async (): Promise<RuleReading[]> => {
  const state = await viewer.get(`/devices/${deviceId}/state`);
  expect(state.status, state.text).toBe(200);
  return state.json.rules;
};
const packetsOf = (rules: RuleReading[], what: string) => BigInt(rules.find((r) => r.what === what)?.packets ?? "-1");
const traffic = async (count: number) => {
  await Promise.all(lab.clients.map((c) => c.connect({ count, concurrency: 5 })));
};

beforeAll(async () => {
  lab = await startWanLab({ label: "api-counters", lanClients: 1 });
  sshd = await startPrivateSshd(lab);
  app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
  viewer = await userWithRole(app, admin, "viewer");
  deviceId = (await addLabGateway(admin, operator, lab, sshd)).deviceId;
  await lab.gateway.exec(["nft", "-f", "-"], { input: ADMIN_TABLE });
  const intent: IntentInput = {
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe: { targets: [...lab.probeTargets] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe: { targets: [...lab.probeTargets] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: [lab.lanSubnet] },
  };
  expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "counters", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(viewer, started.json.id, 90_000)).status).toBe("confirmed");
}, 180_000);

afterAll(async () => {
  await app?.close();
  await sshd?.stop();
  await lab?.stop();
});

describe("[counters] every rule of Waymark's table and the admin's own on a Linux gateway", () => {
  it("shows the admin's table beside Waymark's, numbered per chain, in words", async () => {
    const rules = await rulesOf();
    expect(rules.filter((r) => r.table === "inet office")).toMatchObject([
      { chain: "forward", number: 1, ownedByWaymark: false, what: "no SMTP from the LAN", match: "in lan0, tcp to port 25", action: "drop", packets: "0" },
      { chain: "forward", number: 2, ownedByWaymark: false, what: "LAN forwarded", match: "in lan0", action: "count only" },
    ]);
    const waymark = rules.filter((r) => r.ownedByWaymark);
    expect(new Set(waymark.map((r) => r.table))).toEqual(new Set(["inet waymark"]));
    expect(waymark.filter((r) => r.chain === "postrouting").map((r) => `${r.number}: ${r.match} → ${r.action} (${r.link})`)).toEqual([
      "1: ipv4, out wan1 → masquerade (isp1)",
      "2: ipv4, out wan2 → masquerade (isp2)",
    ]);
    expect(waymark.filter((r) => r.chain === "postrouting").map((r) => r.what)).toEqual(["masquerade out of isp1", "masquerade out of isp2"]);
    expect(waymark.find((r) => r.chain === "prerouting" && r.match === "in wan1")?.what).toBe("connections arriving on isp1 answer through isp1");
    expect(waymark.filter((r) => r.chain === "pick").map((r) => r.what)).toEqual(["new connections: pick a link by weight", "new connections with no link up"]);
    expect(rules.some((r) => r.table === "inet waymark_watch")).toBe(false);
  });

  it("resets Waymark's counters only: the admin's rule keeps counting", async () => {
    await traffic(20);
    const before = await rulesOf();
    const pick = (rules: RuleReading[]) => BigInt(rules.find((r) => r.table === "inet waymark" && r.chain === "pick" && r.number === 1)?.packets ?? "0");
    expect(pick(before)).toBeGreaterThan(0n);
    expect(packetsOf(before, "LAN forwarded")).toBeGreaterThan(0n);

    const reset = await operator.post(`/devices/${deviceId}/counters/reset`);
    expect(reset.status, reset.text).toBe(200);
    expect(reset.json.reset).toBeGreaterThan(0);

    const after = await rulesOf();
    expect(after.filter((r) => r.ownedByWaymark && r.packets !== null).every((r) => r.packets === "0")).toBe(true);
    expect(packetsOf(after, "LAN forwarded")).toBeGreaterThanOrEqual(packetsOf(before, "LAN forwarded"));
    await traffic(5);
    const later = await rulesOf();
    expect(pick(later)).toBeGreaterThan(0n);
    expect(packetsOf(later, "LAN forwarded")).toBeGreaterThan(packetsOf(before, "LAN forwarded"));
  });
});
