// Prometheus exposition at /metrics and /api/v1/metrics: a bearer token of any role scrapes it, nothing else
// does; what it says is what the live bus knows of each device of the inventory, counters exact as far as a float
// allows; and Prometheus's own checker (Debian's promtool) accepts a real scrape.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, liveBus, siteBus } from "@/lib/live/bus";
import { GET as rootMetrics } from "@/app/metrics/route";
import { liveFixture } from "@tests/support/live-fixture";
import { anycastSiteLive, vipSiteLive } from "@tests/support/site-live-fixture";
import { type ApiClient, type AppEnvironment, linuxDevice, routerOsDevice, setupAdmin, startAppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let scraper: ApiClient;
let token: string;
let routerId: string;
let gatewayId: string;

/** The sample lines of an exposition, "name{labels}" → value as written. */
function samples(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    found.set(line.slice(0, at), line.slice(at + 1));
  }
  return found;
}

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  routerId = (await admin.post("/devices", routerOsDevice({ name: "core-router" }))).json.id;
  gatewayId = (await admin.post("/devices", linuxDevice({ name: "edge-gateway" }))).json.id;
  token = (await admin.post("/tokens", { name: "prometheus", role: "viewer" })).json.token as string;
  scraper = app.client().withToken(token);
  const reading = liveFixture({ deviceId: routerId, rules: 5, polledBy: "metrics-test", seq: 1 });
  deliver(reading);
  deliver({ ...liveFixture({ deviceId: gatewayId, polledBy: "metrics-test", seq: 1 }), state: "auth_failed", problem: "authentication failed", pollMs: 12 });
  // Sites as the site monitor publishes them (services/sites owns their rows; the scrape only reads id and name).
  for (const [id, name, kind] of [
    ["site-web", "web", "shared-vip"],
    ["site-dns", "dns", "anycast"],
  ] as const)
    await app.db.site.create({ data: { id, name, kind, intent: "{}", updatedBy: "metrics-test" } });
  const vip = vipSiteLive({ siteId: "site-web", polledBy: "metrics-test" });
  vip.members[2] = { ...vip.members[2]!, status: "unreachable", problem: "unreachable: connect ECONNREFUSED" };
  deliver(vip);
  deliver(anycastSiteLive({ siteId: "site-dns", up: [1] }));
});

afterAll(async () => {
  liveBus().forget(routerId);
  liveBus().forget(gatewayId);
  siteBus().forget("site-web");
  siteBus().forget("site-dns");
  await app?.close();
});

describe("GET /metrics", () => {
  it("refuses a scrape without a token, with a cookie-less unknown token, and with a revoked one", async () => {
    expect((await app.client().get("/metrics", { anonymous: true })).status).toBe(401);
    expect((await app.client().withToken("wm_not-a-token").get("/metrics")).status).toBe(401);
    const spare = (await admin.post("/tokens", { name: "spare", role: "viewer" })).json;
    expect((await admin.delete(`/tokens/${spare.id}`)).status).toBeLessThan(300);
    const revoked = await app.client().withToken(spare.token).get("/metrics");
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.message).toMatch(/invalid, expired or revoked/);
  });

  it("answers a viewer's token with the exposition format", async () => {
    const reply = await scraper.get("/metrics");
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toBeNull();
    expect(reply.text).toContain("# TYPE waymark_link_transmit_bytes_total counter");
  });

  it("says what the known reading says, per device, link, backend and Waymark rule", async () => {
    const s = samples((await scraper.get("/metrics")).text);
    expect(s.get('waymark_device_up{device="core-router",kind="routeros"}')).toBe("1");
    expect(s.get('waymark_device_up{device="edge-gateway",kind="linux"}')).toBe("0");
    expect(s.get('waymark_device_last_poll_error{device="edge-gateway",error="auth_failed"}')).toBe("1");
    expect([...s.keys()].some((k) => k.startsWith('waymark_device_last_poll_error{device="core-router"'))).toBe(false);
    expect(s.get('waymark_poll_duration_seconds{device="core-router"}')).toBe("0.037");
    expect(s.get('waymark_link_up{device="core-router",link="isp-a"}')).toBe("1");
    expect(s.get('waymark_link_up{device="core-router",link="isp-b"}')).toBe("0");
    expect(s.get('waymark_link_state{device="core-router",link="isp-b",state="down"}')).toBe("1");
    expect(s.get('waymark_link_state{device="core-router",link="isp-b",state="up"}')).toBe("0");
    expect(s.get('waymark_link_probe_loss_ratio{device="core-router",link="isp-a"}')).toBe("0.025");
    expect(Number(s.get('waymark_link_probe_rtt_seconds{device="core-router",link="isp-a"}'))).toBeCloseTo(0.0142, 9);
    expect(s.get('waymark_link_probe_rtt_seconds{device="core-router",link="isp-b"}')).toBeUndefined();
    // 2^53 + 1 is the first integer a float cannot hold: it comes out as its nearest float, as the HELP says.
    expect(s.get('waymark_link_transmit_packets_total{device="core-router",link="isp-a"}')).toBe("9007199254740992");
    expect(s.get('waymark_link_transmit_bytes_total{device="core-router",link="isp-a"}')).toBe("123456789012345680");
    expect(s.get('waymark_link_receive_bytes_total{device="core-router",link="isp-a"}')).toBe("5000000");
    expect(s.get('waymark_link_new_connections_total{device="core-router",link="isp-b"}')).toBe("7");
    expect(s.get('waymark_link_open_connections{device="core-router",link="isp-a"}')).toBe("42");
    expect(s.get('waymark_backend_up{device="core-router",pool="web",backend="app-1"}')).toBe("1");
    expect(s.get('waymark_backend_new_connections_total{device="core-router",pool="web",backend="app-1"}')).toBe("1234");
    expect(s.get('waymark_backend_open_connections{device="core-router",pool="web",backend="app-1"}')).toBe("17");
    // A backend name with quotes comes out escaped by the library.
    expect(s.get('waymark_backend_state{device="core-router",pool="web",backend="app \\"2\\"",state="drain"}')).toBe("1");
    // Rules 0 of the fixture is the admin's own: not exposed. Rule 3 is Waymark's.
    const rule3 = liveFixture({ rules: 5 }).reading!.rules[3]!;
    expect(s.get(`waymark_rule_bytes_total{device="core-router",table="mangle",chain="prerouting",rule="${rule3.key}"}`)).toBe(String(Number(rule3.bytes)));
    expect([...s.keys()].filter((k) => k.startsWith('waymark_rule_packets_total{device="core-router"'))).toHaveLength(4);
  });

  it("says what the known site readings say, per member, node, session and next hop", async () => {
    const s = samples((await scraper.get("/metrics")).text);
    expect(s.get('waymark_site_member_up{site="web",device="node-1",role="vip-node"}')).toBe("1");
    expect(s.get('waymark_site_member_up{site="web",device="node-3",role="vip-node"}')).toBe("0");
    expect(s.get('waymark_vip_buckets_owned{site="web",device="node-2"}')).toBe("4");
    // The unreachable node's last reading is not exposed as if it were current.
    expect(s.get('waymark_vip_buckets_owned{site="web",device="node-3"}')).toBeUndefined();
    // 2^53 + 2 is a float exactly; 2^53 + 3 comes out as its nearest float, as the HELP says.
    expect(s.get('waymark_vip_node_packets_total{site="web",device="node-1",direction="answered"}')).toBe("9007199254740994");
    expect(s.get('waymark_vip_node_packets_total{site="web",device="node-2",direction="answered"}')).toBe("9007199254740996");
    expect(s.get('waymark_vip_node_packets_total{site="web",device="node-1",direction="ignored"}')).toBe("2000");
    expect(s.get('waymark_vip_peer_alive{site="web",device="node-1",peer="10.0.0.2"}')).toBe("1");
    expect(s.get('waymark_anycast_announced{site="dns",device="server-1"}')).toBe("1");
    expect(s.get('waymark_anycast_announced{site="dns",device="server-2"}')).toBe("0");
    expect(s.get('waymark_bgp_session_established{site="dns",device="edge",protocol="server_1",peer="10.1.1.2"}')).toBe("1");
    expect(s.get('waymark_bgp_session_established{site="dns",device="edge",protocol="server_2",peer="10.1.2.2"}')).toBe("0");
    expect(s.get('waymark_bfd_session_up{site="dns",device="edge",peer="10.1.2.2"}')).toBe("0");
    expect(s.get('waymark_anycast_nexthops{site="dns"}')).toBe("1");
    expect(s.get('waymark_anycast_forwarded_packets_total{site="dns",server="server-1"}')).toBe("7000");
    expect(s.get('waymark_anycast_forwarded_packets_total{site="dns",server="server-2"}')).toBeUndefined();
  });

  it("is served at /metrics itself, where Prometheus looks by default", async () => {
    const request = new Request("http://127.0.0.1:3000/metrics", { headers: { authorization: `Bearer ${token}` } });
    const reply = await rootMetrics(request, { params: Promise.resolve({}) });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('waymark_device_up{device="core-router",kind="routeros"} 1');
  });

  it("passes promtool check metrics", async () => {
    const text = (await scraper.get("/metrics")).text;
    const checked = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    if (checked.error) throw new Error(`promtool is missing: run scripts/install-test-deps.sh (${checked.error.message})`);
    expect(`${checked.stdout}${checked.stderr}`.trim()).toBe("");
    expect(checked.status).toBe(0);
  });
});
