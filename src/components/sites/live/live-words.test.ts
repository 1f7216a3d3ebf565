import { describe, expect, it } from "vitest";
import type { MemberLive, SiteLive } from "@/lib/domain/site";
import { siteLiveWords } from "./live-words";
import type { SiteLiveView } from "./use-site-live";

const NOW = 1_800_000_000_000;
const member = (over: Partial<MemberLive>): MemberLive => ({
  device: "d1",
  deviceName: "web-1",
  role: "vip-node",
  status: "ok",
  problem: null,
  nextAttemptAt: null,
  reading: null,
  rates: {},
  ...over,
});
const live = (members: MemberLive[], atMs = NOW - 1_000): SiteLive => ({
  siteId: "s1",
  name: "web",
  kind: "shared-vip",
  atMs,
  seq: 1,
  polledBy: "i1",
  intervalMs: 2_000,
  members,
  summary: [],
});
const view = (over: Partial<SiteLiveView>): SiteLiveView => ({ live: null, recent: [], stream: "open", received: true, ...over });

describe("site live words", () => {
  it("says live, reconnecting, and nothing to watch before a push", () => {
    expect(siteLiveWords(view({ live: live([member({})]) }), NOW)).toMatchObject({ text: "live", tone: "ok" });
    expect(siteLiveWords(view({ stream: "reconnecting" }), NOW).text).toBe("reconnecting…");
    expect(siteLiveWords(view({}), NOW).text).toMatch(/^nothing to watch yet/);
  });

  it("names a member the monitor cannot read, in its words", () => {
    const words = siteLiveWords(
      view({
        live: live([member({}), member({ deviceName: "web-2", status: "unreachable", problem: "device unreachable: connection refused, next try in 4 s" })]),
      }),
      NOW,
    );
    expect(words).toMatchObject({ tone: "bad", announce: "1 member not read: web-2: device unreachable: connection refused, next try in 4 s" });
  });

  it("says how old the last update is when updates stop", () => {
    expect(siteLiveWords(view({ live: live([member({})], NOW - 30_000) }), NOW)).toMatchObject({ text: "last update 30 s ago", tone: "wait" });
  });
});
