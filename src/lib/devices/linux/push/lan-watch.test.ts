import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ENSURE_WATCH, LAN_MIN_BEFORE, lanCountFns, lanCountOf, lanVerdict, lanWaitUntil, parseWatchPairs } from "./lan-watch";

const at = (count: number, atMs: number) => ({ count, atMs });

describe("[linux] the LAN watch the health gate judges by", () => {
  it("is valid sh, and refuses a LAN name that could not be an interface before it reaches awk", () => {
    expect(() => execFileSync("sh", ["-n", "-c", `${ENSURE_WATCH}\n${lanCountFns(["lan0", "br-lan.10"])}`])).not.toThrow();
    expect(() => lanCountFns(["lan0' ; reboot '"])).toThrow();
  });

  it("counts connections in on a LAN interface and out by another, from watch_pairs' lines", () => {
    // watch_pairs on the lab gateway: lan0 to both WANs, WAN to LAN (inbound), and LAN to LAN through the gateway.
    const pairs = parseWatchPairs("lan0 wan1 35\nlan0 wan2 12\nwan1 lan0 4\nlan0 lan1 7\ngarbage\n");
    expect(pairs).toHaveLength(4);
    expect(lanCountOf(pairs, ["lan0"])).toBe(35 + 12 + 7);
    expect(lanCountOf(pairs, ["lan0", "lan1"])).toBe(47);
  });

  it("does not judge without a count, or when the LAN was too quiet before the change", () => {
    expect(lanVerdict({ start: null, before: at(9, 500), after: at(9, 700) }, at(9, 900))).toMatchObject({
      judged: false,
      note: expect.stringMatching(/not measured/),
    });
    expect(lanVerdict({ start: at(0, 0), before: at(LAN_MIN_BEFORE - 1, 500), after: at(4, 700) }, at(4, 5_000))).toMatchObject({
      judged: false,
      note: expect.stringMatching(/4 new LAN connection\(s\) in the 500 ms before the change/),
    });
    expect(lanWaitUntil({ start: at(0, 0), before: at(4, 500), after: at(4, 700) })).toBeNull();
  });

  it("passes on one forwarded connection, waits 20·T/k for one, then fails with the counts", () => {
    const samples = { start: at(100, 1_000), before: at(150, 1_500), after: at(151, 1_700) };
    // 50 in 500 ms: about 20 are expected within 200 ms at that rate.
    expect(lanWaitUntil(samples)).toBe(1_900);
    expect(lanVerdict(samples, at(152, 1_750))).toMatchObject({
      judged: true,
      note: "1 new LAN connection(s) forwarded since the change (50 in the 500 ms before it)",
    });
    expect(lanVerdict(samples, at(151, 1_800))).toEqual({ judged: "waiting", untilMs: 1_900 });
    expect(lanVerdict(samples, at(151, 1_900))).toEqual({
      judged: "failed",
      reason: "LAN traffic is no longer forwarded: 50 new LAN connections went out in the 500 ms before the change, none in the 200 ms after it",
    });
  });

  it("fails a correct product at most once in 10,000 changes, whatever the LAN's (constant) rate", () => {
    // P(judged and none forwarded) = Σ_{k≥5} Poisson(k; μ)·e^(−μ·20/k) for μ new connections per before-window.
    const worst = (mu: number) => {
      let sum = 0;
      let logP = -mu;
      for (let k = 1; k < 5_000; k++) {
        logP += Math.log(mu) - Math.log(k);
        if (k >= LAN_MIN_BEFORE) sum += Math.exp(logP - (mu * 20) / k);
      }
      return sum;
    };
    let sup = 0;
    for (let mu = 0.01; mu < 2_000; mu *= 1.02) sup = Math.max(sup, worst(mu));
    expect(sup).toBeLessThan(1e-4);
  });
});
