// Scripts and the scheduler, driven over the API on 127.0.0.1 with the simulator's manual clock.

import { describe, expect, it } from "vitest";

import { useTestRouters, type TestRouter } from "@tests/support/simulator/harness";

const router = useTestRouters();

const addScript = (r: TestRouter, name: string, source: string) => r.add("system/script", { name, source });

// Static items only: /ip/route/print also shows the connected routes of /ip/address.
const staticRows = async (r: TestRouter, menu: string) => (await r.rows(`/${menu}/print`)).filter((row) => row.dynamic !== "true");

const comments = async (r: TestRouter, menu: string) => (await staticRows(r, menu)).map((row) => `${row.comment}:${row.disabled}`);

describe("[simulator] /system/script run", () => {
  it("runs menu commands with find, context lines, place-before, move and switches", async () => {
    const r = await router({ clock: "manual" });
    await r.add("ip/address", { address: "10.0.0.2/24", interface: "ether1" });
    for (const name of ["a", "b", "c"])
      await r.add("ip/route", { gateway: "10.0.0.1", "dst-address": `10.${name.charCodeAt(0)}.0.0/16`, comment: `route:${name}` });
    for (const name of ["a", "b", "c"]) await r.add("ip/firewall/mangle", { chain: "forward", action: "passthrough", comment: `rule:${name}` });
    await addScript(
      r,
      "edit",
      [
        '/ip route disable [find comment="route:a"]',
        "/ip route",
        'set [find where comment~"^route:(b|c)\\$"] distance=5',
        "/ip firewall mangle",
        'add chain=forward comment="rule:first" place-before=[find comment="rule:a"]',
        'move [find comment="rule:c"] destination=[find comment="rule:first"]',
        "/routing table add name=isp fib",
        "/ip/firewall/nat/add chain=srcnat action=masquerade out-interface=ether1 comment=slashed",
      ].join("\n"),
    );

    await r.run("/system/script/run", "=number=edit");

    expect(await comments(r, "ip/route")).toEqual(["route:a:true", "route:b:false", "route:c:false"]);
    expect((await staticRows(r, "ip/route")).map((row) => row.distance)).toEqual(["1", "5", "5"]);
    expect(await comments(r, "ip/firewall/mangle")).toEqual(["rule:c:false", "rule:first:false", "rule:a:false", "rule:b:false"]);
    expect(await r.rows("/routing/table/print", "?name=isp")).toEqual([expect.objectContaining({ name: "isp", fib: "" })]);
    expect(await comments(r, "ip/firewall/nat")).toEqual(["slashed:false"]);
    expect((await r.rows("/system/script/print"))[0]).toMatchObject({ "run-count": "1" });
  });

  it("sends mail and logs with escapes and variables; :delay waits on the router's clock", async () => {
    const r = await router({ clock: "manual" });
    await addScript(
      r,
      "notify",
      [
        ':local who "ops team"',
        ':log warning "link \\"isp-a\\" down\\tfor $who"',
        ":delay 5s",
        '/tool e-mail send to="noc@example.net" subject="isp-a \\$down" body="line one\\nline two, $who"',
      ].join("\n"),
    );

    const running = r.run("/system/script/run", "=number=notify");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.sim.device.runtime.outbox).toEqual([]);
    await r.sim.clock.advance(5_000);
    await running;

    expect(r.sim.device.runtime.outbox).toMatchObject([{ to: "noc@example.net", subject: "isp-a $down", body: "line one\nline two, ops team" }]);
    expect(r.sim.device.runtime.log).toContainEqual(expect.objectContaining({ topics: "script,warning", message: 'link "isp-a" down\tfor ops team' }));
  });

  it("stops at a failing command with the API's trap and a script,error log line; earlier lines stay done", async () => {
    const r = await router({ clock: "manual" });
    await addScript(
      r,
      "half",
      ["/ip firewall mangle add chain=forward comment=done", "/ip route set *99 distance=3", "/ip firewall mangle add chain=forward comment=never"].join("\n"),
    );

    expect(await r.trapOf("/system/script/run", "=number=half")).toBe("no such item");
    expect(await comments(r, "ip/firewall/mangle")).toEqual(["done:false"]);
    expect(r.sim.device.runtime.log.at(-1)).toMatchObject({ topics: "script,error", message: expect.stringContaining("(line 2)") });
  });

  it("runs nothing when any line names an unknown command", async () => {
    const r = await router({ clock: "manual" });
    await addScript(r, "typo", ["/ip firewall mangle add chain=forward", "/ip rute print"].join("\n"));
    await addScript(r, "fancy", ["/ip firewall mangle add chain=forward", ':foreach i in=[/ip route find] do={ :log info "x" }'].join("\n"));

    expect(await r.trapOf("/system/script/run", "=number=typo")).toBe("bad command name rute (line 2 column 5)");
    expect(await r.trapOf("/system/script/run", "=number=fancy")).toMatch(/^simulator: /);
    expect(await r.rows("/ip/firewall/mangle/print")).toEqual([]);
  });
});

describe("[simulator] /system/scheduler", () => {
  const hhmmss = (ms: number) => {
    const date = new Date(ms);
    return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, "0")).join(":");
  };

  it("runs a one-time entry once, at its start time, by script name", async () => {
    const r = await router({ clock: "manual" });
    await addScript(r, "flip", "/ip firewall mangle add chain=forward comment=flipped");
    const start = r.sim.clock.now() + 5_000;
    const id = await r.add("system/scheduler", { name: "once", "start-time": hhmmss(start), interval: "0s", "on-event": "flip" });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await r.rows("/system/scheduler/print"))[0]).toMatchObject({ ".id": id, "next-run": expect.any(String) });

    await r.sim.clock.advance(3_000);
    expect(await r.rows("/ip/firewall/mangle/print")).toEqual([]);
    await r.sim.clock.advance(3_000);
    expect(await comments(r, "ip/firewall/mangle")).toEqual(["flipped:false"]);
    await r.sim.clock.advance(86_400_000);

    expect(await comments(r, "ip/firewall/mangle")).toEqual(["flipped:false"]);
    const [entry] = await r.rows("/system/scheduler/print");
    expect(entry).toMatchObject({ "run-count": "1" });
    expect(entry).not.toHaveProperty("next-run");
    expect((await r.rows("/system/script/print"))[0]).toMatchObject({ "run-count": "1" });
  });

  it("repeats an entry with an interval, running its on-event source, until disabled", async () => {
    const r = await router({ clock: "manual" });
    const id = await r.add("system/scheduler", { name: "tick", interval: "1m", "on-event": ':log info "tick"' });
    await r.sim.clock.advance(180_000);
    await r.run("/system/scheduler/disable", `=.id=${id}`);
    await r.sim.clock.advance(180_000);

    expect(r.sim.device.runtime.log.filter((line) => line.message === "tick")).toHaveLength(3);
    expect((await r.rows("/system/scheduler/print"))[0]).toMatchObject({ "run-count": "3" });
  });
});
