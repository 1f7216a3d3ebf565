// Real routers' argument ranges (schema/arg-desc.json), enforced on every menu the simulator serves: over the API
// on add and set, on print and monitor arguments, and on commands a script runs inside the router.

import { describe, expect, it } from "vitest";

import { argDescVersionFor, argRule, ruleOf } from "./arg-desc";
import { formatClock, parseDuration } from "./duration";
import { executeCommand } from "./execute";
import { useTestRouters } from "@tests/support/simulator/harness";
import { TrapReply } from "./types";

const router = useTestRouters();

const NETWATCH_INTERVAL = "value of interval is out of range (00:00:01 .. 71w02:27:52.950)";

describe("arg-desc per version", () => {
  it.each([
    ["6.49.10", "7.9.2"],
    ["6.42.12", "7.9.2"],
    ["7.9.2", "7.9.2"],
    ["7.11.3", "7.9.2"],
    ["7.17.1", "7.16.2"],
    ["7.23.9", "7.20.8"],
    ["7.24", "7.24"],
    ["7.25.1", "7.24"],
  ])("%s follows the arg-desc of %s", (version, entry) => {
    expect(argDescVersionFor(version)).toBe(entry);
  });

  it("reads the time interval and length descs real routers give", () => {
    expect(ruleOf("1s..71w2h27m52s950ms    (time interval)")).toEqual({ kind: "time", minMs: 1000, maxMs: 71 * 604_800_000 + 8_872_950 });
    expect(ruleOf("00:00:00.200..    (time interval)")).toEqual({ kind: "time", minMs: 200 });
    expect(ruleOf("..30s    (time interval)")).toEqual({ kind: "time", maxMs: 30_000 });
    expect(ruleOf("time interval")).toEqual({ kind: "time" });
    expect(ruleOf("string value, max length 31")).toEqual({ kind: "string", maxLength: 31 });
    expect(ruleOf("string value")).toBeUndefined();
    expect(ruleOf("A.B.C.D    (IP address)")).toBeUndefined();
  });

  it("gives netwatch interval a 1 s floor on every version, 6.x through the nearest entry", () => {
    for (const version of ["6.49.10", "7.9.2", "7.12.2", "7.16.2", "7.18.2", "7.20.8", "7.24"]) {
      expect(argRule(version, "tool/netwatch", "add", "interval")).toMatchObject({ kind: "time", minMs: 1000 });
      expect(argRule(version, "tool/netwatch", "set", "timeout")).toMatchObject({ kind: "time", minMs: 10 });
    }
  });

  it("writes bounds in the clock form and reads it back", () => {
    expect(formatClock(10_000)).toBe("00:00:10");
    expect(formatClock(86_400_000)).toBe("1d00:00:00");
    expect(formatClock(20)).toBe("00:00:00.020");
    expect(parseDuration("00:00:00.020")).toBe(20);
    expect(parseDuration("1d00:00:00")).toBe(86_400_000);
    expect(parseDuration("71w02:27:52.950")).toBe(71 * 604_800_000 + 8_872_950);
  });
});

describe("values outside a real router's range are refused", () => {
  it("netwatch interval below 1 s, on add and on set, with the router's words", async () => {
    const r = await router({ version: "7.16.2" });
    expect(await r.trapOf("/tool/netwatch/add", "=host=192.0.2.1", "=type=icmp", "=interval=900ms")).toBe(NETWATCH_INTERVAL);
    expect(await r.trapOf("/tool/netwatch/add", "=host=192.0.2.1", "=interval=500ms")).toBe(NETWATCH_INTERVAL);
    const id = await r.add("tool/netwatch", { host: "192.0.2.1", interval: "1s", timeout: "250ms" });
    expect(await r.trapOf("/tool/netwatch/set", `=.id=${id}`, "=interval=999ms")).toBe(NETWATCH_INTERVAL);
    expect(await r.trapOf("/tool/netwatch/set", `=.id=${id}`, "=timeout=5ms")).toBe("value of timeout is out of range (00:00:00.010 .. 4w00:00:00)");
    expect(await r.trapOf("/tool/netwatch/set", `=.id=${id}`, "=packet-interval=10ms")).toBe(
      "value of packet-interval is out of range (00:00:00.020 .. 71w02:27:52.950)",
    );
    expect(await r.trapOf("/tool/netwatch/set", `=.id=${id}`, "=thr-tcp-conn-time=31s")).toBe(
      "value of thr-tcp-conn-time is out of range (00:00:00 .. 00:00:30)",
    );
    expect(await r.trapOf("/tool/netwatch/set", `=.id=${id}`, "=interval=soon")).toBe("invalid time value for argument interval");
    await r.run("/tool/netwatch/set", `=.id=${id}`, "=interval=00:00:02");
    expect((await r.rows("/tool/netwatch/print", "=.proplist=interval,timeout"))[0]).toEqual({ interval: "2s", timeout: "250ms" });
  });

  it("on v6 too, by the nearest version's ranges", async () => {
    const r = await router({ version: "6.49.10 (long-term)" });
    expect(await r.trapOf("/tool/netwatch/add", "=host=192.0.2.1", "=interval=300ms")).toBe(NETWATCH_INTERVAL);
    await r.add("tool/netwatch", { host: "192.0.2.1", interval: "1s", timeout: "250ms" });
  });

  it("route distance, scheduler interval, address-list timeout and e-mail user", async () => {
    const r = await router({ version: "7.16.2" });
    expect(await r.trapOf("/ip/route/add", "=gateway=10.0.1.1", "=distance=0")).toBe("value of distance out of range (1..255)");
    expect(await r.trapOf("/system/scheduler/add", "=name=job", "=interval=later")).toBe("invalid time value for argument interval");
    await r.add("system/scheduler", { name: "job", interval: "30s", "on-event": "" });
    expect(await r.trapOf("/ip/firewall/address-list/add", "=list=x", "=address=192.0.2.1", "=timeout=36w")).toBe(
      "value of timeout is out of range (00:00:00 .. 35w3d13:13:56)",
    );
    expect(await r.trapOf("/tool/e-mail/set", `=user=${"u".repeat(256)}`)).toBe("value of user is too long (max 255)");
    await r.run("/tool/e-mail/set", `=user=${"u".repeat(255)}`);
  });

  it("a log-prefix over 31 characters where the version says so (7.24), not before", async () => {
    const prefix = "p".repeat(32);
    const v724 = await router({ version: "7.24" });
    expect(await v724.trapOf("/ip/firewall/mangle/add", "=chain=forward", `=log-prefix=${prefix}`)).toBe("value of log-prefix is too long (max 31)");
    const v716 = await router({ version: "7.16.2" });
    await v716.add("ip/firewall/mangle", { chain: "forward", "log-prefix": prefix });
  });

  it("print and monitor intervals", async () => {
    const r = await router({ version: "7.16.2" });
    expect(await r.trapOf("/ip/firewall/mangle/print", "=interval=100ms")).toBe("value of interval is out of range (00:00:00.200 .. )");
    expect(await r.trapOf("/interface/monitor-traffic", "=interface=ether1", "=interval=10s")).toBe(
      "value of interval is out of range (00:00:00.020 .. 00:00:05)",
    );
  });

  it("commands a script runs inside the router", async () => {
    const r = await router({ version: "7.16.2" });
    await r.add("tool/netwatch", { host: "192.0.2.1", comment: "w" });
    const { device } = r.sim;
    const run = () =>
      executeCommand(
        device,
        device.registry,
        "/tool/netwatch/set",
        new Map([
          ["numbers", "*1"],
          ["interval", "500ms"],
        ]),
      );
    await expect(run()).rejects.toThrow(TrapReply);
    await expect(run()).rejects.toThrow(NETWATCH_INTERVAL);
  });
});
