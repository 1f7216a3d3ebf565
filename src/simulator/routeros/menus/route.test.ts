// ip/route (v6 and v7), routing/table, routing/rule and ip/route/rule over real TCP.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";

const router = useTestRouters();

describe("ip/route on v7", () => {
  it("numbers static routes from *80000001 and prints defaults and flags as booleans", async () => {
    const r = await router();
    await r.add("ip/address", { address: "10.0.1.2/24", interface: "ether1" });
    expect(await r.add("ip/route", { gateway: "10.0.1.1", "check-gateway": "ping" })).toBe("*80000001");
    expect(await r.add("ip/route", { "dst-address": "10.9.0.7/16", gateway: "ether2", distance: "2" })).toBe("*80000002");
    const [first, second] = await r.rows("/ip/route/print");
    expect(first).toEqual({
      ".id": "*80000001",
      "dst-address": "0.0.0.0/0",
      gateway: "10.0.1.1",
      distance: "1",
      scope: "30",
      "target-scope": "10",
      "routing-table": "main",
      "check-gateway": "ping",
      "suppress-hw-offload": "false",
      active: "true",
      inactive: "false",
      "immediate-gw": "10.0.1.1%ether1",
      dynamic: "false",
      static: "true",
      disabled: "false",
    });
    expect(second).toMatchObject({ "dst-address": "10.9.0.0/16", gateway: "ether2", distance: "2" });
  });

  it("takes the dataplane's word on activity (item.runtime) over the default", async () => {
    const r = await router();
    const id = await r.add("ip/route", { gateway: "10.0.1.1" });
    const route = r.sim.device.config.table("ip/route").byId(id);
    if (!route) throw new Error("route missing");
    route.runtime = { inactive: "true", "immediate-gw": "" };
    const [row] = await r.rows("/ip/route/print", "=.proplist=active,inactive,immediate-gw");
    expect(row).toEqual({ inactive: "true", "immediate-gw": "" });
  });

  it("requires routing-table to name a /routing/table entry or main", async () => {
    const r = await router();
    expect(await r.trapOf("/ip/route/add", "=gateway=10.0.1.1", "=routing-table=to-isp1")).toBe("input does not match any value of routing-table");
    await r.add("routing/table", { name: "to-isp1", fib: "" });
    await r.add("ip/route", { gateway: "10.0.1.1", "routing-table": "to-isp1" });
    await r.add("ip/route", { gateway: "10.0.2.1", "routing-table": "main" });
    expect((await r.run("/ip/route/print", "=count-only=", "?routing-table=to-isp1")).done.ret).toBe("1");
  });

  it("makes blackhole a presence switch printed as a bare word, and refuses v6 properties", async () => {
    const r = await router();
    const id = await r.add("ip/route", { "dst-address": "0.0.0.0/0", blackhole: "no", distance: "254" });
    expect((await r.rows("/ip/route/print", `?.id=${id}`, "=.proplist=blackhole,gateway"))[0]).toEqual({ blackhole: "" });
    expect(await r.trapOf("/ip/route/add", "=gateway=10.0.1.1", "=routing-mark=x")).toBe("unknown parameter routing-mark");
    expect(await r.trapOf("/ip/route/add", "=type=blackhole")).toBe("unknown parameter type");
    expect(await r.trapOf("/ip/route/add", "=gateway=10.0.1.1", "=check-gateway=icmp")).toBe("input does not match any value of check-gateway");
    expect(await r.trapOf("/ip/route/add", "=gateway=not-an-interface")).toBe("invalid value for argument gateway");
    expect(await r.trapOf("/ip/route/add", "=gateway=10.0.1.1", "=distance=300")).toBe("value of distance out of range (1..255)");
  });

  it("keeps separate routes for v7 ECMP and accepts IP%interface gateways", async () => {
    const r = await router();
    await r.add("ip/route", { gateway: "10.0.1.1%ether1" });
    await r.add("ip/route", { gateway: "10.0.2.1" });
    expect((await r.run("/ip/route/print", "=count-only=", "?dst-address=0.0.0.0/0")).done.ret).toBe("2");
  });

  it("shows a dynamic connected route per address, which cannot be removed", async () => {
    const r = await router();
    const address = await r.add("ip/address", { address: "10.0.1.2/24", interface: "ether1" });
    const [connected] = await r.rows("/ip/route/print", "?connect=true");
    expect(connected).toMatchObject({
      ".id": "*20000001",
      "dst-address": "10.0.1.0/24",
      gateway: "ether1",
      distance: "0",
      scope: "10",
      "target-scope": "5",
      "local-address": "10.0.1.2%ether1",
      active: "true",
      dynamic: "true",
      static: "false",
    });
    expect(await r.trapOf("/ip/route/remove", "=.id=*20000001")).toBe("failure: can not change dynamic entry");
    await r.run("/ip/address/disable", `=.id=${address}`);
    expect(await r.rows("/ip/route/print", "?connect=true")).toEqual([]);
  });

  it("disables a route: disabled=true and no longer active", async () => {
    const r = await router();
    await r.add("ip/address", { address: "10.0.1.2/24", interface: "ether1" });
    const id = await r.add("ip/route", { gateway: "10.0.1.1" });
    expect((await r.rows("/ip/route/print", "=.proplist=disabled,active"))[0]).toEqual({ disabled: "false", active: "true" });
    await r.run("/ip/route/disable", `=numbers=${id}`);
    expect((await r.rows("/ip/route/print", "=.proplist=disabled,active"))[0]).toEqual({ disabled: "true" });
  });
});

describe("ip/route on v6", () => {
  it("uses routing-mark, type and comma-separated ECMP gateways, with small ids", async () => {
    const r = await router({ version: "6.49.10 (long-term)" });
    expect(await r.add("ip/route", { gateway: "1.1.1.1,2.2.2.2,2.2.2.2", "routing-mark": "to-isp1" })).toBe("*1");
    await r.add("ip/route", { "dst-address": "0.0.0.0/0", type: "unreachable", distance: "250" });
    const rows = await r.rows("/ip/route/print", "=.proplist=gateway,routing-mark,type,distance");
    expect(rows).toEqual([
      { gateway: "1.1.1.1,2.2.2.2,2.2.2.2", "routing-mark": "to-isp1", distance: "1" },
      { type: "unreachable", distance: "250" },
    ]);
    expect(await r.trapOf("/ip/route/add", "=gateway=1.1.1.1", "=routing-table=main")).toBe("unknown parameter");
    expect(await r.trapOf("/ip/route/add", "=gateway=1.1.1.1", "=blackhole=")).toBe("unknown parameter");
    expect(await r.trapOf("/routing/table/print")).toBe("no such command prefix");
  });

  it("has policy rules in /ip/route/rule", async () => {
    const r = await router({ version: "6.49.10" });
    await r.add("ip/route/rule", { "src-address": "192.168.88.0/24", table: "to-isp1" });
    expect((await r.rows("/ip/route/rule/print", "=.proplist=src-address,table,action"))[0]).toEqual({
      "src-address": "192.168.88.0/24",
      table: "to-isp1",
      action: "lookup",
    });
    expect(await r.trapOf("/routing/rule/print")).toBe("no such command prefix");
  });
});

describe("routing/table and routing/rule (v7)", () => {
  it("has a dynamic main table with fib, refuses duplicates and protects main", async () => {
    const r = await router();
    expect(await r.rows("/routing/table/print", "=.proplist=name,fib,dynamic")).toEqual([{ name: "main", fib: "", dynamic: "true" }]);
    const id = await r.add("routing/table", { name: "to-isp1", fib: "" });
    expect(await r.trapOf("/routing/table/add", "=name=to-isp1", "=fib=")).toBe("failure: already have such name");
    expect(await r.trapOf("/routing/table/remove", "=numbers=main")).toBe("failure: can not change dynamic entry");
    await r.run("/routing/table/set", "=numbers=to-isp1", "=comment=ISP 1");
    expect((await r.rows("/routing/table/print", `?.id=${id}`, "=.proplist=comment"))[0]).toEqual({ comment: "ISP 1" });
    expect(await r.trapOf("/ip/route/rule/print")).toBe("no such command prefix");
  });

  it("checks rule tables against /routing/table", async () => {
    const r = await router();
    expect(await r.trapOf("/routing/rule/add", "=src-address=192.168.88.0/24", "=table=nope")).toBe("input does not match any value of table");
    await r.add("routing/rule", { "src-address": "192.168.88.0/24", action: "lookup-only-in-table", table: "main" });
    expect((await r.rows("/routing/rule/print", "=.proplist=action,table"))[0]).toEqual({ action: "lookup-only-in-table", table: "main" });
  });
});
