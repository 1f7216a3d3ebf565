import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type RouterOsClient } from "@/lib/devices/routeros/api-client";
import type { IntentInput } from "@/lib/domain/intent";
import type { RuleReading } from "@/lib/domain/device/reading";
import type { RouterOsSimulator } from "@/simulator/routeros";
import { pushFinished, type ApiClient } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

// The live counters of a simulated MikroTik through the API: every rule of mangle and NAT, the admin's own too,
// numbered as the router's print numbers them, and "reset counters" zeroing Waymark's rules only.

let site: RouterSite;
let sim: RouterOsSimulator;
let operator: ApiClient;
let viewer: ApiClient;
let deviceId: string;
let router: RouterOsClient;

const LOGIN = { name: "waymark", password: "s3cret-pw" };
// The demo router's export plus one rule of the admin's that counts the office's traffic, before Waymark's.
const OFFICE_COUNTER = '/ip firewall mangle add action=passthrough chain=prerouting comment="count the office" src-address=192.168.10.0/24';

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent: IntentInput = {
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight: 3, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
};

const rulesOf = async (): Promise<RuleReading[]> => {
  const state = await viewer.get(`/devices/${deviceId}/state`);
  expect(state.status, state.text).toBe(200);
  return state.json.rules;
};

function traffic(count: number) {
  for (let i = 0; i < count; i++)
    sim.network.openConnection({ src: `192.168.10.${20 + (i % 40)}`, dst: `198.18.0.${1 + (i % 50)}`, protocol: "tcp", dstPort: 443, bytes: 600 });
}

beforeAll(async () => {
  site = await startRouterSite({ bootExport: `${readFileSync("src/simulator/routeros/demo/edge-7.rsc", "utf8")}\n${OFFICE_COUNTER}\n` });
  ({ sim, operator, viewer, deviceId } = site);
  expect((await operator.put(`/devices/${deviceId}/policy`, intent)).status).toBe(200);
  const started = await operator.post(`/devices/${deviceId}/push`, { reason: "counters", confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  expect((await pushFinished(viewer, started.json.id)).status).toBe("confirmed");
  router = await connect({
    host: "127.0.0.1",
    port: sim.port,
    transport: "plain",
    username: LOGIN.name,
    password: LOGIN.password,
    connectTimeoutMs: 5_000,
    commandTimeoutMs: 5_000,
  });
}, 90_000);

afterAll(async () => {
  await router?.close();
  await site?.close();
});

describe("[counters] every rule of mangle and NAT on a MikroTik", () => {
  it("lists the admin's own rules and Waymark's, numbered as the router's print numbers them", async () => {
    const rules = await rulesOf();
    const mangle = rules.filter((r) => r.table === "mangle");
    const printed = await router.command(["/ip/firewall/mangle/print", "=.proplist=.id,comment"]);
    expect(mangle.map((r) => r.number)).toEqual(printed.rows.map((_, i) => i));
    // The admin's rules come first (Waymark's block goes after them on the first push) and are not Waymark's.
    expect(mangle.slice(0, 2)).toMatchObject([
      {
        number: 0,
        chain: "forward",
        ownedByWaymark: false,
        what: "clamp MSS for the LTE link",
        match: "tcp out wan2, tcp flags syn",
        action: "set TCP MSS to 1400",
      },
      { number: 1, chain: "prerouting", ownedByWaymark: false, what: "count the office", match: "from 192.168.10.0/24", action: "count only" },
    ]);
    expect(mangle.slice(2).every((r) => r.ownedByWaymark)).toBe(true);
    expect(mangle.find((r) => r.what === "new LAN connections, share 1 of 4 → isp-a")).toMatchObject({
      chain: "prerouting",
      action: "mark connection to-isp-a",
      link: "isp-a",
      match: expect.stringContaining("share 1 of 4 by both addresses and ports"),
    });
    const nat = rules.filter((r) => r.table === "nat");
    expect(nat[0]).toMatchObject({
      number: 0,
      chain: "dstnat",
      ownedByWaymark: false,
      match: "tcp to any:8554 in wan1",
      action: "forward to 192.168.10.250:554",
    });
    expect(nat.filter((r) => r.ownedByWaymark).map((r) => `${r.chain}: ${r.match} → ${r.action}`)).toEqual([
      "srcnat: out wan1 → masquerade",
      "srcnat: out wan2 → masquerade",
    ]);
    expect(JSON.stringify(rules)).not.toContain("waymark:");
  });

  it("numbers a rule the admin adds after Waymark's last, as the router does", async () => {
    const added = await router.command(["/ip/firewall/mangle/add", "=chain=prerouting", "=action=passthrough", "=comment=after Waymark", "=protocol=udp"]);
    const rules = (await rulesOf()).filter((r) => r.table === "mangle");
    const printed = await router.command(["/ip/firewall/mangle/print", "=.proplist=.id"]);
    expect(rules.at(-1)).toMatchObject({ number: printed.rows.length - 1, what: "after Waymark", ownedByWaymark: false, match: "udp" });
    expect(rules.at(-1)?.key).toBe(`mangle:${added.done.ret}`);
  });

  it("resets Waymark's counters only: the admin's rule keeps counting", async () => {
    traffic(40);
    const before = await rulesOf();
    const office = (rules: RuleReading[]) => BigInt(rules.find((r) => r.what === "count the office")!.packets!);
    const waymarkPackets = (rules: RuleReading[]) => rules.filter((r) => r.ownedByWaymark).reduce((sum, r) => sum + BigInt(r.packets ?? "0"), 0n);
    expect(office(before)).toBeGreaterThan(0n);
    expect(waymarkPackets(before)).toBeGreaterThan(0n);

    expect((await viewer.post(`/devices/${deviceId}/counters/reset`)).status).toBe(403);
    const reset = await operator.post(`/devices/${deviceId}/counters/reset`);
    expect(reset.status, reset.text).toBe(200);
    expect(reset.json.reset).toBe(before.filter((r) => r.ownedByWaymark).length);

    const after = await rulesOf();
    expect(waymarkPackets(after)).toBe(0n);
    expect(after.filter((r) => r.ownedByWaymark).every((r) => r.bytes === "0")).toBe(true);
    expect(office(after)).toBe(office(before));

    traffic(8);
    const later = await rulesOf();
    expect(waymarkPackets(later)).toBeGreaterThan(0n);
    expect(office(later)).toBeGreaterThan(office(before));
    const audit = await site.admin.get("/audit?limit=20");
    expect(audit.text).toContain("device.counters.reset");
  });
});
