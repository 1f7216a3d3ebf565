// tool/netwatch, system/script, system/scheduler and tool/e-mail over real TCP.

import { describe, expect, it } from "vitest";

import { TrapReply } from "../types";
import { useTestRouters } from "@tests/support/simulator/harness";

const router = useTestRouters();

describe("tool/netwatch", () => {
  it("prints v7 defaults (type simple, interval 10s, timeout 3s) and status unknown", async () => {
    const r = await router({ version: "7.16.2" });
    await r.add("tool/netwatch", { host: "8.8.8.8", "down-script": "/ip route disable [find comment=isp1]" });
    expect((await r.rows("/tool/netwatch/print"))[0]).toEqual({
      ".id": "*1",
      host: "8.8.8.8",
      type: "simple",
      interval: "10s",
      timeout: "3s",
      "start-delay": "3s",
      "startup-delay": "5m",
      "up-script": "",
      "down-script": "/ip route disable [find comment=isp1]",
      status: "unknown",
      dynamic: "false",
      disabled: "false",
    });
  });

  it("shows properties only on versions that have them (ignore-initial-up from 7.18)", async () => {
    const older = await router({ version: "7.16.2" });
    const newer = await router({ version: "7.18.2" });
    await older.add("tool/netwatch", { host: "1.1.1.1" });
    await newer.add("tool/netwatch", { host: "1.1.1.1" });
    expect((await older.rows("/tool/netwatch/print"))[0]).not.toHaveProperty("ignore-initial-up");
    expect((await newer.rows("/tool/netwatch/print"))[0]).toMatchObject({ "ignore-initial-up": "false", "ignore-initial-down": "false" });
    expect(await older.trapOf("/tool/netwatch/add", "=host=1.1.1.1", "=ignore-initial-up=yes")).toBe("unknown parameter ignore-initial-up");
  });

  it("prints v6 defaults (interval 1m, timeout 1s) without v7 properties", async () => {
    const r = await router({ version: "6.49.10 (long-term)" });
    await r.add("tool/netwatch", { host: "8.8.8.8", interval: "30" });
    expect((await r.rows("/tool/netwatch/print"))[0]).toEqual({
      ".id": "*1",
      host: "8.8.8.8",
      interval: "30s",
      timeout: "1s",
      "up-script": "",
      "down-script": "",
      status: "unknown",
      dynamic: "false",
      disabled: "false",
    });
    expect(await r.trapOf("/tool/netwatch/add", "=host=8.8.8.8", "=type=icmp")).toBe("unknown parameter");
  });

  it("takes status and since from the prober and forgets the status after any change", async () => {
    const r = await router();
    const id = await r.add("tool/netwatch", { host: "8.8.8.8" });
    const item = r.sim.device.config.table("tool/netwatch").byId(id);
    if (!item) throw new Error("netwatch missing");
    item.runtime.status = "up";
    item.runtime.since = "2025-01-01 10:00:00";
    expect((await r.rows("/tool/netwatch/print", "=.proplist=status,since"))[0]).toEqual({ status: "up", since: "2025-01-01 10:00:00" });
    await r.run("/tool/netwatch/set", `=.id=${id}`, "=timeout=2s");
    expect((await r.rows("/tool/netwatch/print", "=.proplist=status,timeout"))[0]).toEqual({ status: "unknown", timeout: "2s" });
    item.runtime.status = "down";
    await r.run("/tool/netwatch/disable", `=.id=${id}`);
    expect((await r.rows("/tool/netwatch/print", "=.proplist=status"))[0]).toEqual({ status: "unknown" });
  });

  it("requires a host and a valid duration", async () => {
    const r = await router();
    expect(await r.trapOf("/tool/netwatch/add", "=interval=10s")).toBe("missing value(s) of argument(s) host");
    expect(await r.trapOf("/tool/netwatch/add", "=host=8.8.8.8", "=interval=soon")).toBe("invalid time value for argument interval");
    expect(await r.trapOf("/tool/netwatch/add", "=host=8.8.8.8", "=type=ping")).toBe("input does not match any value of type");
  });
});

describe("system/script", () => {
  it("stores scripts by name and runs them through the router's interpreter", async () => {
    const r = await router();
    const ran: [string, string][] = [];
    r.sim.device.runtime.runScript = async (source, origin) => void ran.push([source, origin]);
    await r.add("system/script", { name: "isp1-down", source: ":log info down" });
    expect(await r.trapOf("/system/script/add", "=name=isp1-down")).toBe("failure: already have such name");
    await r.run("/system/script/run", "=number=isp1-down");
    await r.run("/system/script/run", "=.id=*1");
    expect(ran).toEqual([
      [":log info down", "script:isp1-down"],
      [":log info down", "script:isp1-down"],
    ]);
    const [row] = await r.rows("/system/script/print", "=.proplist=name,owner,run-count,source,dont-require-permissions");
    expect(row).toEqual({ name: "isp1-down", owner: "admin", source: ":log info down", "dont-require-permissions": "false", "run-count": "2" });
    expect(await r.trapOf("/system/script/run", "=number=nope")).toBe("no such item");
  });

  it("passes the interpreter's trap on, and says so when there is no interpreter", async () => {
    const r = await router();
    await r.add("system/script", { name: "s", source: "bad" });
    r.sim.device.runtime.runScript = undefined;
    expect(await r.trapOf("/system/script/run", "=number=s")).toBe("simulator: no script interpreter");
    r.sim.device.runtime.runScript = async () => {
      throw new TrapReply({ message: "syntax error (line 1 column 1)", category: 3 });
    };
    expect(await r.trapOf("/system/script/run", "=number=s")).toBe("syntax error (line 1 column 1)");
  });
});

describe("system/scheduler", () => {
  it("stores entries for the scheduler to run", async () => {
    const r = await router();
    await r.add("system/scheduler", { name: "check", interval: "00:01:00", "on-event": "/system script run s" });
    expect((await r.rows("/system/scheduler/print"))[0]).toMatchObject({
      name: "check",
      interval: "1m",
      "on-event": "/system script run s",
      "start-time": "startup",
      owner: "admin",
      "run-count": "0",
      disabled: "false",
    });
    await r.run("/system/scheduler/disable", "=numbers=check");
    expect((await r.rows("/system/scheduler/print", "?disabled=true")).length).toBe(1);
  });
});

describe("tool/e-mail", () => {
  it("names the server `server` from 7.12 and `address` before, and delivers sends to the outbox", async () => {
    const v716 = await router({ version: "7.16.2" });
    const v711 = await router({ version: "7.11.3" });
    const v6 = await router({ version: "6.49.10" });
    await v716.run("/tool/e-mail/set", "=server=192.0.2.25", "=port=587", "=tls=starttls");
    expect((await v716.rows("/tool/e-mail/print"))[0]).toMatchObject({ server: "192.0.2.25", port: "587", tls: "starttls", from: "<>" });
    expect(await v716.trapOf("/tool/e-mail/set", "=address=192.0.2.25")).toBe("unknown parameter address");
    expect((await v711.rows("/tool/e-mail/print"))[0]).toMatchObject({ address: "0.0.0.0", port: "25" });
    expect((await v6.rows("/tool/e-mail/print"))[0]).toEqual({ address: "0.0.0.0", port: "25", "start-tls": "no", from: "<>", user: "", password: "" });
    await v716.run("/tool/e-mail/send", "=to=noc@example.net", "=subject=isp1 down", "=body=since 10:00");
    expect(v716.sim.device.runtime.outbox).toEqual([{ to: "noc@example.net", subject: "isp1 down", body: "since 10:00", at: expect.any(Number) }]);
    expect(await v716.trapOf("/tool/e-mail/send", "=subject=x")).toBe("missing value(s) of argument(s) to");
  });
});
