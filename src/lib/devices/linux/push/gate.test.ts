import { describe, expect, it } from "vitest";
import { judgeGate, parseLook, type GateLook } from "./gate";

// Verbatim: gateWaitScript(["lan0"]) on the dual-WAN lab's gateway a few seconds after a confirmed push and four
// LAN connections (gate 0 1450 0 0 2000).
const LAB_LOOK = `@@waymark:lan now 4 1692900
@@waymark:monitor monitor pid=14738 started=1796500646251 config=sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec updated=1796500648385 format=1 flavour=nftables conntrack=ok apply=ok pool=0:0-74,1:75-99
@@waymark:monitor link 0 isp1 up since=1796500646251 rtt_ms=0.040 loss=0 fails=0 passes=8
@@waymark:monitor link 1 isp2 up since=1796500646251 rtt_ms=0.035 loss=0 fails=0 passes=8
@@waymark:ip-addr [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"link_index":2,"ifname":"wan1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"fa:9b:9e:9b:d9:06","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"198.51.100.2","prefixlen":30,"scope":"global","label":"wan1","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::f89b:9eff:fe9b:d906","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":3,"link_index":2,"ifname":"wan2","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"46:07:83:49:1b:db","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1,"addr_info":[{"family":"inet","local":"203.0.113.2","prefixlen":30,"scope":"global","label":"wan2","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::4407:83ff:fe49:1bdb","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":4,"link_index":2,"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"5a:0d:3d:51:b3:2c","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":2,"addr_info":[{"family":"inet","local":"192.168.10.1","prefixlen":24,"scope":"global","label":"lan0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::580d:3dff:fe51:b32c","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":5,"link_index":58,"ifname":"mgmt0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"f6:e9:d6:62:0e:68","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":3,"addr_info":[{"family":"inet","local":"10.213.2.2","prefixlen":30,"scope":"global","label":"mgmt0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::f4e9:d6ff:fe62:e68","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]
@@waymark:table ok
`;

const look = (edit: (text: string) => string = (t) => t): GateLook => parseLook(edit(LAB_LOOK));
const STARTED = 1796500646251;
const input = {
  monitorStartedBefore: STARTED - 60_000,
  linkNames: ["isp1", "isp2"],
  verdictAfterMs: 1450,
  downBefore: [] as string[],
  lanInterfaces: ["lan0"],
  // The LAN was busy before the change (50 in 500 ms): the gate must see one forwarded after it.
  lan: { start: { count: 0, atMs: 1_690_000 }, before: { count: 50, atMs: 1_690_500 }, after: { count: 3, atMs: 1_690_700 } },
  checkTable: true,
};
const final = (j: ReturnType<typeof judgeGate>) => (j.kind === "final" ? j.result : j);

describe("[linux] the health gate's verdict on one look at the gateway", () => {
  it("reads the lab's look: the new monitor's state, the LAN count, the interfaces, the table", () => {
    const parsed = look();
    expect(parsed.monitor).toMatchObject({
      startedAt: STARTED,
      links: [
        { name: "isp1", state: "up" },
        { name: "isp2", state: "up" },
      ],
    });
    expect(parsed.lanNow).toEqual({ count: 4, atMs: 1692900 });
    expect(parsed.interfaces?.find((i) => i.name === "lan0")).toMatchObject({ up: true, addresses: ["192.168.10.1/24"] });
    expect(parsed.table).toBe("ok");
  });

  it("passes with every link up, the LAN interface up with its address and a LAN connection forwarded since the change", () => {
    expect(final(judgeGate(look(), input))).toEqual({
      passed: true,
      detail:
        "management path reachable; links up: isp1, isp2; LAN lan0 up with 192.168.10.1/24; 1 new LAN connection(s) forwarded since the change (50 in the 500 ms before it)",
    });
  });

  it("fails a plan whose LAN interface does not exist, is down or has no IPv4 address (issue 8, defect 9)", () => {
    expect(final(judgeGate(look(), { ...input, lanInterfaces: ["lan1"] }))).toEqual({
      passed: false,
      reason: "the LAN is not served: LAN interface lan1 does not exist",
    });
    const down = look((t) =>
      t.replace('"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"]', '"ifname":"lan0","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"]'),
    );
    expect(final(judgeGate(down, input))).toEqual({ passed: false, reason: "the LAN is not served: LAN interface lan0 is down" });
    const bare = look((t) => t.replace('{"family":"inet","local":"192.168.10.1","prefixlen":24,', '{"family":"inet6","local":"fe80::1","prefixlen":64,'));
    expect(final(judgeGate(bare, input))).toEqual({ passed: false, reason: "the LAN is not served: LAN interface lan0 has no IPv4 address" });
  });

  it("fails when the LAN was busy before and nothing is forwarded within the wait after, and waits until then", () => {
    const quiet = { ...input, lan: { ...input.lan, after: { count: 4, atMs: 1_692_800 } } };
    expect(judgeGate(look(), quiet)).toMatchObject({ kind: "pending", lanUntil: 1_693_000 });
    const later = look((t) => t.replace("@@waymark:lan now 4 1692900", "@@waymark:lan now 4 1693000"));
    expect(final(judgeGate(later, quiet))).toEqual({
      passed: false,
      reason: "LAN traffic is no longer forwarded: 50 new LAN connections went out in the 500 ms before the change, none in the 200 ms after it",
    });
  });

  it("waits for a monitor that has not restarted or decided, fails on a link that was up, forgives one that was down", () => {
    expect(judgeGate(look(), { ...input, monitorStartedBefore: STARTED })).toMatchObject({
      kind: "pending",
      pendingReason: "the health monitor did not restart with the new configuration",
    });
    expect(judgeGate(look(), { ...input, verdictAfterMs: 60_000 })).toMatchObject({
      kind: "pending",
      pendingReason: "the health monitor had not finished its first probe rounds",
    });
    const isp2Down = look((t) => t.replace("link 1 isp2 up", "link 1 isp2 down"));
    expect(final(judgeGate(isp2Down, input))).toEqual({ passed: false, reason: "probes failed after the change: isp2 down" });
    expect(final(judgeGate(isp2Down, { ...input, downBefore: ["isp2"] }))).toMatchObject({ passed: true });
  });

  it("fails when Waymark's counters cannot be listed (nftables plans)", () => {
    const broken = look((t) => t.replace("@@waymark:table ok", "@@waymark:table Error: No such file or directory"));
    expect(final(judgeGate(broken, input))).toEqual({ passed: false, reason: "Waymark's counters could not be read: Error: No such file or directory" });
    expect(final(judgeGate(broken, { ...input, checkTable: false }))).toMatchObject({ passed: true });
  });
});
