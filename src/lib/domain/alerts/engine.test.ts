import { describe, expect, it } from "vitest";
import type { DeviceReading, LinkHealth } from "../device/reading";
import type { DeviceLive, PollState } from "../monitor/live";
import { transitions } from "../monitor/transitions";
import { changesFrom, rolledBackPush } from "./changes";
import { type EngineOutput, judge, newEngineState, restoreOpenAlerts } from "./engine";
import type { EngineRule } from "./rule";

const rule = (over: Partial<EngineRule> = {}): EngineRule => ({
  id: "r1",
  name: "all",
  events: ["link_down", "link_up", "backend_down", "backend_up", "device_unreachable", "device_reachable", "drift", "push_rolled_back"],
  deviceIds: null,
  channelIds: ["mail", "hook"],
  cooldownSec: 0,
  flapCount: 4,
  flapWindowMin: 10,
  ...over,
});

const reading = (links: Record<string, LinkHealth>, readAtMs: number): DeviceReading => ({
  readAtMs,
  device: { identity: "edge", softwareVersion: "7.16.2" },
  watcher: { running: true, detail: "" },
  links: Object.entries(links).map(([name, state]) => ({
    name,
    state,
    since: new Date(readAtMs - 500).toISOString(),
    lossPercent: state === "down" ? 100 : 0,
    rttMs: state === "down" ? null : 12,
    newConnections: "0",
    shareOfNew: null,
    out: null,
    in: null,
    openConnections: null,
  })),
  backends: [],
  rules: [],
  drift: { drifted: false, entries: [] },
});

/** A device polled every 2 s by an injected clock, judged by one engine, with every output kept. */
function rig(rules: EngineRule[] = [rule()]) {
  let now = 1_000_000;
  let seq = 0;
  let ids = 0;
  let previous: DeviceLive | null = null;
  const state = newEngineState();
  const outs: EngineOutput[] = [];
  const poll = (links: Record<string, LinkHealth>, poll: PollState = "ok", push: DeviceLive["lastPush"] = null) => {
    now += 2000;
    seq += 1;
    const update: DeviceLive = {
      deviceId: "d1",
      seq,
      at: now,
      intervalMs: 2000,
      state: poll,
      problem: poll === "ok" ? null : "connection refused by 192.0.2.1:22",
      nextAttemptAt: null,
      pollMs: 5,
      polledBy: "i1",
      reading: poll === "ok" ? reading(links, now) : (previous?.reading ?? null),
      rates: null,
      lastPush: push,
    };
    const changes = [...changesFrom(transitions(previous, update)), ...rolledBackPush(previous, update)];
    outs.push(judge(state, { device: { id: "d1", name: "edge-01" }, rules, changes, nowMs: now, newId: () => `a${++ids}` }));
    previous = update;
  };
  const wait = (ms: number, links: Record<string, LinkHealth>) => {
    const until = now + ms;
    while (now < until) poll(links);
  };
  const notices = () => outs.flatMap((o) => o.notices);
  return { poll, wait, notices, outs, state, now: () => now };
}

describe("alert engine", () => {
  it("one notice per channel when a link goes down, one more when it is back up", () => {
    const r = rig();
    r.poll({ wan1: "up", wan2: "up" });
    r.poll({ wan1: "up", wan2: "up" });
    r.poll({ wan1: "down", wan2: "up" });
    r.wait(20_000, { wan1: "down", wan2: "up" });
    r.poll({ wan1: "up", wan2: "up" });
    const n = r.notices();
    expect(n.map((x) => [x.notice.title, x.notice.phase, x.channelIds])).toEqual([
      ["wan1 down", "open", ["mail", "hook"]],
      ["wan1 up", "resolve", ["mail", "hook"]],
    ]);
    expect(n[0]?.notice.text).toContain("edge-01: wan1 down (was up)");
    expect(n[0]?.notice.text).toMatch(/probe loss 100 %/i);
    expect(r.outs.flatMap((o) => o.opened)).toHaveLength(1);
    expect(r.outs.flatMap((o) => o.resolved)).toHaveLength(1);
  });

  it("a dashboard restart raises nothing for the states it finds", () => {
    const r = rig();
    r.poll({ wan1: "down", wan2: "up" });
    r.poll({ wan1: "down", wan2: "up" });
    expect(r.notices()).toEqual([]);
  });

  it("after a restart, the recovery of an alert opened before it closes that alert", () => {
    const r = rig();
    restoreOpenAlerts(
      r.state,
      [
        {
          id: "old",
          deviceId: "d1",
          ruleId: "r1",
          subject: "link",
          name: "wan1",
          kind: "link_down",
          message: "wan1 down",
          timeline: [],
          flapping: false,
          quiet: false,
          openedAtMs: 1,
        },
      ],
      0,
    );
    r.poll({ wan1: "down" });
    r.poll({ wan1: "up" });
    expect(r.outs.flatMap((o) => o.resolved).map((x) => x.id)).toEqual(["old"]);
    expect(r.notices().map((x) => x.notice.title)).toEqual(["wan1 up"]);
  });

  it("within the cooldown a new incident is recorded quietly, and so is its recovery", () => {
    const r = rig([rule({ cooldownSec: 60, flapCount: 10 })]);
    r.poll({ wan1: "up" });
    r.poll({ wan1: "down" });
    r.poll({ wan1: "up" });
    r.poll({ wan1: "down" });
    r.poll({ wan1: "up" });
    expect(r.notices().map((x) => x.notice.title)).toEqual(["wan1 down", "wan1 up"]);
    expect(r.outs.flatMap((o) => o.opened).map((a) => a.quiet)).toEqual([false, true]);
    r.wait(60_000, { wan1: "up" });
    r.poll({ wan1: "down" });
    expect(r.notices().map((x) => x.notice.title)).toEqual(["wan1 down", "wan1 up", "wan1 down"]);
  });

  it("a flapping link is one alert with its timeline, then one 'stable again' after a quiet window", () => {
    const r = rig([rule({ cooldownSec: 300, flapCount: 4, flapWindowMin: 10 })]);
    r.poll({ wan1: "up" });
    for (let i = 0; i < 7; i++) r.poll({ wan1: i % 2 === 0 ? "down" : "up" });
    // down (sent), up (sent), down (cooldown: quiet), up → 4 changes: flapping; 3 more folded in.
    expect(r.notices().map((x) => x.notice.title)).toEqual(["wan1 down", "wan1 up", "wan1 flapping: 4 transitions in 10 min"]);
    const flapping = r.outs.flatMap((o) => o.opened).find((a) => a.flapping);
    expect(flapping?.timeline.map((t) => t.state)).toEqual(["down", "up", "down", "up", "down", "up", "down"]);
    expect(r.outs.at(-1)?.updated.at(-1)?.message).toBe("wan1 flapping: 7 transitions in 10 min");
    r.poll({ wan1: "up" });
    r.wait(9 * 60_000, { wan1: "up" });
    expect(r.notices()).toHaveLength(3);
    r.wait(70_000, { wan1: "up" });
    const last = r.notices().slice(3);
    expect(last).toHaveLength(1);
    expect(last[0]?.notice.title).toMatch(/^wan1 stable again \(up since \d\d:\d\d:\d\d UTC\)$/);
    expect(last[0]?.notice.phase).toBe("resolve");
    const resolved = new Set(r.outs.flatMap((o) => o.resolved).map((x) => x.id));
    expect(r.outs.flatMap((o) => o.opened).filter((a) => !resolved.has(a.id))).toEqual([]);
  });

  it("a flapping link that rests down says so and stays open until it is up", () => {
    const r = rig([rule({ flapCount: 3, flapWindowMin: 1 })]);
    r.poll({ wan1: "up" });
    r.poll({ wan1: "down" });
    r.poll({ wan1: "up" });
    r.poll({ wan1: "down" });
    r.wait(61_000, { wan1: "down" });
    r.poll({ wan1: "up" });
    expect(r.notices().map((x) => x.notice.title.replace(/\d\d:\d\d:\d\d/, "T"))).toEqual([
      "wan1 down",
      "wan1 up",
      "wan1 flapping: 3 transitions in 1 min",
      "wan1 stable again (down since T UTC)",
      "wan1 up",
    ]);
  });

  it("an unreachable device is one alert, not one per link", () => {
    const r = rig();
    r.poll({ wan1: "up", wan2: "up" });
    r.poll({}, "unreachable");
    r.wait(10_000, {});
    r.poll({ wan1: "unknown", wan2: "unknown" });
    r.poll({ wan1: "up", wan2: "up" });
    expect(r.notices().map((x) => x.notice.title)).toEqual(["device unreachable", "device reachable again"]);
  });

  it("links going unknown or down in the same poll the device fails are hidden too", () => {
    const state = newEngineState();
    const out = judge(state, {
      device: { id: "d1", name: "edge-01" },
      rules: [rule()],
      nowMs: 1,
      newId: () => "x",
      changes: [
        { subject: "link", name: "wan1", state: "down", previous: "up", atMs: 1, detail: "", verdict: "bad" },
        { subject: "device", name: "polling", state: "timed_out", previous: "ok", atMs: 1, detail: "", verdict: "bad" },
      ],
    });
    expect(out.notices.map((n) => n.notice.title)).toEqual(["device not answering (timed out)"]);
  });

  it("a push rolled back is one notice; rules filter by device and event", () => {
    const r = rig([rule(), rule({ id: "r2", events: ["link_down"], channelIds: ["pager"] }), rule({ id: "r3", deviceIds: ["other"] })]);
    const push = { id: "p1", status: "running", at: new Date(0).toISOString() };
    r.poll({ wan1: "up" }, "ok", push);
    r.poll({ wan1: "up" }, "ok", { ...push, status: "rolled_back" });
    r.poll({ wan1: "up" }, "ok", { ...push, status: "rolled_back" });
    r.poll({ wan1: "down" });
    r.poll({ wan1: "up" });
    expect(r.notices().map((x) => [x.ruleId, x.notice.title])).toEqual([
      ["r1", "push p1 rolled back"],
      ["r1", "wan1 down"],
      ["r2", "wan1 down"],
      ["r1", "wan1 up"],
    ]);
  });
});
