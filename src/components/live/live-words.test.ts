import { describe, expect, it } from "vitest";
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { liveWords } from "./live-words";
import { trendWord } from "./series";
import type { LiveView } from "./use-device-live";

const NOW = 1_800_000_000_000;
const reading = { readAtMs: NOW - 1_000 } as DeviceLive["reading"];
const live = (over: Partial<DeviceLive>): DeviceLive => ({
  deviceId: "d1",
  seq: 1,
  at: NOW,
  intervalMs: 2_000,
  state: "ok",
  problem: null,
  nextAttemptAt: null,
  pollMs: 12,
  polledBy: "i1",
  reading,
  rates: null,
  lastPush: null,
  ...over,
});
const view = (l: DeviceLive | null, stream: LiveView["stream"] = "open"): LiveView => ({ live: l, recent: [], stream, received: true });

describe("[ui] live view in words", () => {
  it("says live while readings arrive on time, and how old the last one is when they stop", () => {
    expect(liveWords(view(live({})), NOW)).toEqual({ text: "live", announce: "live", tone: "ok" });
    expect(liveWords(view(live({})), NOW + 11_000).text).toBe("last read 12 s ago");
  });

  it("names the problem once and counts down to the next try, without the countdown in the announcement", () => {
    const failing = live({ state: "unreachable", problem: "unreachable: connection refused by 192.0.2.1:8728", nextAttemptAt: NOW + 7_600 });
    const words = liveWords(view(failing), NOW);
    expect(words.text).toMatch(/^device unreachable: connection refused by 192\.0\.2\.1:8728, next try in 8 s\. Showing the reading of \d\d:\d\d:\d\d$/);
    expect(words.announce).toBe("device unreachable: connection refused by 192.0.2.1:8728");
    expect(words.tone).toBe("bad");
  });

  it("says reconnecting while the stream is down, and what it waits for before the first event", () => {
    expect(liveWords(view(live({}), "reconnecting"), NOW).text).toBe("reconnecting… last read 1 s ago");
    expect(liveWords({ live: null, recent: [], stream: "connecting", received: false }, NOW).text).toBe("connecting…");
    expect(liveWords(view(null), NOW).announce).toBe("waiting for the first reading");
    expect(liveWords(view(live({ state: "paused" })), NOW).text).toMatch(/^monitoring is off for this device/);
  });
});

describe("[ui] sparkline trend in words", () => {
  it("compares the last quarter with the first", () => {
    expect(trendWord([1, 1, 1, 1, 5, 5, 5, 5])).toBe("rising");
    expect(trendWord([5, 5, 5, 5, 1, 1, 1, 1])).toBe("falling");
    expect(trendWord([5, 5, null, 5, 5.2])).toBe("steady");
    expect(trendWord([1, null])).toBeNull();
  });
});
