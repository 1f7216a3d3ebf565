import { describe, expect, it } from "vitest";
import { MonitorStateError, parseMonitorState } from "./monitor-state";

// Verbatim from monitor.sh in the dual-WAN lab (monitor-failover.lab.test.ts), just after isp1 was blackholed; this one
// from the monitor that forked a ping per probe (down after 3 failed rounds), still format 1.
const ISP1_DOWN = `monitor pid=25899 started=1795273516009 config=sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec updated=1795273518443 format=1 flavour=nftables conntrack=ok apply=ok pool=1:0-99
link 0 isp1 down since=1795273518387 rtt_ms=- loss=38 fails=3 passes=0
link 1 isp2 up since=1795273516009 rtt_ms=0.044 loss=0 fails=0 passes=9
`;

describe("[devices] monitor state file (format 1)", () => {
  it("parses a real state file", () => {
    expect(parseMonitorState(ISP1_DOWN)).toEqual({
      pid: 25899,
      startedAt: 1795273516009,
      updatedAt: 1795273518443,
      config: "sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec",
      flavour: "nftables",
      conntrack: "ok",
      apply: "ok",
      pool: [{ index: 1, from: 0, to: 99 }],
      stoppedAt: null,
      links: [
        { index: 0, name: "isp1", state: "down", since: 1795273518387, rttMs: null, lossPercent: 38, consecutiveFailures: 3, consecutivePasses: 0 },
        { index: 1, name: "isp2", state: "up", since: 1795273516009, rttMs: 0.044, lossPercent: 0, consecutiveFailures: 0, consecutivePasses: 9 },
      ],
    });
  });

  it("parses a real state file of the monitor with one pinger per target (same format)", () => {
    const text = `${["monitor pid=3083 started=1796500979703 config=sha256:ce79582074b873935eb3d717902e95157b9dd0f4ac76f7c57e1693d62829c2ec updated=1796500981833 format=1 flavour=nftables conntrack=ok apply=ok pool=1:0-99", "link 0 isp1 down since=1796500981833 rtt_ms=- loss=29 fails=2 passes=0", "link 1 isp2 up since=1796500979703 rtt_ms=0.046 loss=0 fails=0 passes=8"].join("\n")}\n`;
    const s = parseMonitorState(text);
    expect(s).toMatchObject({ pid: 3083, startedAt: 1796500979703, updatedAt: 1796500981833, pool: [{ index: 1, from: 0, to: 99 }], stoppedAt: null });
    expect(s.links).toEqual([
      { index: 0, name: "isp1", state: "down", since: 1796500981833, rttMs: null, lossPercent: 29, consecutiveFailures: 2, consecutivePasses: 0 },
      { index: 1, name: "isp2", state: "up", since: 1796500979703, rttMs: 0.046, lossPercent: 0, consecutiveFailures: 0, consecutivePasses: 8 },
    ]);
  });

  it("reads the minimal header of the brief, an empty pool, a stopped monitor and a missing conntrack", () => {
    const minimal = parseMonitorState(
      "monitor pid=7 started=1000 config=cksum:123-456 updated=2000\nlink 0 lte-backup up since=1000 rtt_ms=12 loss=100 fails=0 passes=1\n",
    );
    expect(minimal).toMatchObject({ pid: 7, config: "cksum:123-456", flavour: null, conntrack: null, apply: null, pool: null, stoppedAt: null });
    expect(minimal.links[0]).toMatchObject({ name: "lte-backup", rttMs: 12, lossPercent: 100 });
    const stopped = parseMonitorState(
      "monitor pid=7 started=1000 config=sha256:ab updated=3000 format=1 flavour=iptables conntrack=missing apply=failed pool=- stopped=3000\n",
    );
    expect(stopped).toMatchObject({ flavour: "iptables", conntrack: "missing", apply: "failed", pool: [], stoppedAt: 3000, links: [] });
    expect(parseMonitorState("monitor pid=1 started=1 updated=2 pool=0:0-49,2:50-99\n").pool).toEqual([
      { index: 0, from: 0, to: 49 },
      { index: 2, from: 50, to: 99 },
    ]);
  });

  it("ignores keys it does not know and blank lines (the monitor may add some)", () => {
    const text = `\n${ISP1_DOWN.replace("format=1", "format=1 future=yes").replace("passes=9", "passes=9 jitter_ms=0.3")}\n\n`;
    const state = parseMonitorState(text);
    expect(state.links).toHaveLength(2);
    expect(state.links[1]!.consecutivePasses).toBe(9);
  });

  it.each([
    ["", "the first line is not the monitor header"],
    ["link 0 isp1 up since=1 rtt_ms=- loss=0 fails=0 passes=0", "the first line is not the monitor header"],
    ["monitor pid=1 started=1", "line 1: updated"],
    ["monitor pid=x started=1 updated=2", "line 1: pid"],
    ["monitor pid=1 started=1 updated=2 format=2", "line 1: format"],
    ["monitor pid=1 started=1 updated=2 stray", 'line 1: "stray" is not key=value'],
    ["monitor pid=1 started=1 updated=2 pool=0:0-99;", "line 1: pool"],
    ["monitor pid=1 started=1 updated=2\nlink 0 isp1 sideways since=1 rtt_ms=- loss=0 fails=0 passes=0", "line 2: state"],
    ["monitor pid=1 started=1 updated=2\nlink 0 isp1 up since=1 rtt_ms=fast loss=0 fails=0 passes=0", "line 2: rtt_ms"],
    ["monitor pid=1 started=1 updated=2\nlink 0 isp1 up since=1 rtt_ms=- loss=101 fails=0 passes=0", "line 2: loss"],
    ["monitor pid=1 started=1 updated=2\nlink 0 isp1 up since=1 rtt_ms=- loss=0 fails=0", "line 2: passes"],
    ["monitor pid=1 started=1 updated=2\nlink 0 ISP1 up since=1 rtt_ms=- loss=0 fails=0 passes=0", "line 2: name"],
    ["monitor pid=1 started=1 updated=2\nlink 0 isp1", 'line 2: expected "link <i> <name> <up|down> ..."'],
    [
      "monitor pid=1 started=1 updated=2\nlink 0 a up since=1 rtt_ms=- loss=0 fails=0 passes=0\nlink 0 b up since=1 rtt_ms=- loss=0 fails=0 passes=0",
      "a link index repeats",
    ],
  ])("refuses %j", (text, message) => {
    expect(() => parseMonitorState(text)).toThrow(MonitorStateError);
    expect(() => parseMonitorState(text)).toThrow(message);
  });
});
