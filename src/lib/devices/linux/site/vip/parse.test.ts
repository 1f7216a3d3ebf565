import { describe, expect, it } from "vitest";
import { compileSite } from "@/lib/domain/site/compile";
import { ZSiteIntent } from "@/lib/domain/site/intent";
import type { VipNodePlan } from "@/lib/domain/site/member-plan";
import { ZVipNodeReading } from "@/lib/domain/site/member-reading";
import { parseVipReading } from "./parse";

// The sample pasted above the parser (a real read of lab node 1).
const SAMPLE = `@@waymark:uptime 34824980
@@waymark:applied 70a9b08d39bbeaf869f03f575736d5f6f1da82d1192c59cd38ad5f5d2f0254db
@@waymark:table present
@@waymark:arp present
@@waymark:address present
@@waymark:maddr present
@@waymark:daemon 30930
@@waymark:counters {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"counter": {"family": "ip", "name": "answered", "table": "waymark_vip_web", "handle": 2, "packets": 85, "bytes": 2635}}, {"counter": {"family": "ip", "name": "ignored", "table": "waymark_vip_web", "handle": 3, "packets": 235, "bytes": 7285}}]}
@@waymark:conntrack 0
@@waymark:state
version 1
pid 30930
uptime_ms 34824950
node 1
carrier 1
listening 0
check pass GET / answered 200
peer 2 10.213.5.132 alive 30
peer 3 10.213.5.133 alive 50
alive 1 2 3
owned 0 1 6 9 11 15 28 29 30 31 40 42 46 52 54 62 63
end
@@waymark:end
`;
const HASH = "70a9b08d39bbeaf869f03f575736d5f6f1da82d1192c59cd38ad5f5d2f0254db";

const intent = ZSiteIntent.parse({
  kind: "shared-vip",
  vip: "10.213.5.130",
  prefixLength: 25,
  check: { type: "http", port: 80, path: "/" },
  members: [1, 2, 3].map((n) => ({ device: `n${n}`, role: "vip-node", interface: "vip0", address: `10.213.5.13${n}`, nodeId: n })),
});
const plan = compileSite("web", intent, new Map(intent.members.map((m) => [m.device, { id: m.device, name: m.device, capabilities: null }]))).members[0]
  ?.plan as VipNodePlan;

describe("parseVipReading", () => {
  it("reads the daemon's view, the counters and the connections", () => {
    const reading = ZVipNodeReading.parse(parseVipReading(plan, SAMPLE, HASH, 1_000));
    expect(reading.watcher).toEqual({ running: true, detail: "heartbeat daemon pid 30930" });
    expect(reading.drift).toEqual({ drifted: false, entries: [] });
    expect(reading.check).toEqual({ passing: true, detail: "GET / answered 200" });
    expect(reading.peers).toEqual([
      { nodeId: 2, address: "10.213.5.132", alive: true, lastHeardMsAgo: 30 },
      { nodeId: 3, address: "10.213.5.133", alive: true, lastHeardMsAgo: 50 },
    ]);
    expect(reading.aliveNodes).toEqual([1, 2, 3]);
    expect(reading.bucketsOwned).toHaveLength(17);
    expect(reading.answered).toEqual({ packets: "85", bytes: "2635" });
    expect(reading.ignored).toEqual({ packets: "235", bytes: "7285" });
    expect(reading.openConnections).toBe(0);
  });

  it("says drift and a stopped daemon in words", () => {
    const broken = SAMPLE.replace("@@waymark:table present", "@@waymark:table absent")
      .replace("@@waymark:daemon 30930", "@@waymark:daemon none")
      .replace("uptime_ms 34824950", "uptime_ms 34000000");
    const reading = parseVipReading(plan, broken, "another", 1_000);
    expect(reading.watcher.running).toBe(false);
    expect(reading.watcher.detail).toBe("the heartbeat daemon is not running");
    expect(reading.drift.entries).toEqual(["nft table ip waymark_vip_web is missing", "the node keeps another plan than the one confirmed"]);
  });

  it("reads a node with nothing of the site on it", () => {
    const empty =
      "@@waymark:uptime 5\n@@waymark:applied \n@@waymark:table absent\n@@waymark:daemon none\n@@waymark:counters \n@@waymark:conntrack -\n@@waymark:state\n@@waymark:end\n";
    const reading = parseVipReading(plan, empty, null, 1_000);
    expect(reading.answered).toBeNull();
    expect(reading.openConnections).toBeNull();
    expect(reading.peers).toEqual([]);
  });
});
