// interface, interface/ethernet, monitor-traffic, interface lists, ip/address and ip/settings over real TCP.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";

const router = useTestRouters();

describe("interface", () => {
  it("has ether1..ether5 by default, with type, counters and flags", async () => {
    const r = await router();
    const rows = await r.rows("/interface/print");
    expect(rows.map((row) => row.name)).toEqual(["ether1", "ether2", "ether3", "ether4", "ether5"]);
    expect(rows[0]).toMatchObject({
      ".id": "*1",
      name: "ether1",
      mtu: "1500",
      "actual-mtu": "1500",
      type: "ether",
      "default-name": "ether1",
      "mac-address": "4C:5E:0C:00:00:01",
      "rx-byte": "0",
      "tx-byte": "0",
      disabled: "false",
    });
  });

  it("takes its interfaces from the interfaces option, of any type", async () => {
    const r = await router({ interfaces: ["wan1", "wan2", { name: "bridge-lan", type: "bridge" }] });
    expect((await r.rows("/interface/print", "?type=ether", "=.proplist=name")).map((row) => row.name)).toEqual(["wan1", "wan2"]);
    expect(await r.rows("/interface/ethernet/print", "=.proplist=name,default-name")).toEqual([
      { name: "wan1", "default-name": "wan1" },
      { name: "wan2", "default-name": "wan2" },
    ]);
  });

  it("renames and disables by name, and refuses add and unknown names", async () => {
    const r = await router();
    await r.run("/interface/set", "=.id=ether1", "=name=wan1");
    await r.run("/interface/disable", "=numbers=wan1");
    expect((await r.rows("/interface/print", "?name=wan1", "=.proplist=disabled,running"))[0]).toEqual({ disabled: "true", running: "false" });
    await r.run("/interface/ethernet/set", "=numbers=ether2", "=comment=uplink");
    expect((await r.rows("/interface/print", "?comment=uplink", "=.proplist=name"))[0]).toEqual({ name: "ether2" });
    expect(await r.trapOf("/interface/add", "=name=x")).toBe("no such command");
    expect(await r.trapOf("/interface/set", "=numbers=ether9", "=mtu=1400")).toBe("no such item");
    expect(await r.trapOf("/interface/set", "=numbers=ether2", "=name=ether3")).toBe("failure: already have such name");
  });

  it("prints the dataplane's counters and resets them", async () => {
    const r = await router();
    const ether1 = r.sim.device.config.table("interface").items[0];
    if (!ether1) throw new Error("no ether1");
    Object.assign(ether1.runtime, { "rx-byte": "123456789012", "tx-byte": "42", "rx-bits-per-second": "8000" });
    const [row] = await r.rows("/interface/print", "?name=ether1");
    expect(row).toMatchObject({ "rx-byte": "123456789012", "tx-byte": "42" });
    expect(row).not.toHaveProperty("rx-bits-per-second");
    await r.run("/interface/reset-counters", "=numbers=ether1");
    expect((await r.rows("/interface/print", "?name=ether1", "=.proplist=rx-byte"))[0]).toEqual({ "rx-byte": "0" });
  });

  it("monitors traffic once, one !re per interface in the order given", async () => {
    const r = await router();
    const ether2 = r.sim.device.config.table("interface").items[1];
    if (!ether2) throw new Error("no ether2");
    ether2.runtime["rx-bits-per-second"] = "1500000";
    const rows = await r.rows("/interface/monitor-traffic", "=interface=ether2,ether1", "=once=", "=.proplist=name,rx-bits-per-second");
    expect(rows).toEqual([
      { name: "ether2", "rx-bits-per-second": "1500000" },
      { name: "ether1", "rx-bits-per-second": "0" },
    ]);
    expect(await r.trapOf("/interface/monitor-traffic", "=interface=nope", "=once=")).toBe("input does not match any value of interface");
  });

  it("streams monitor-traffic every second until /cancel", async () => {
    const r = await router();
    const seen: Record<string, string>[] = [];
    const stream = r.client.stream(["/interface/monitor-traffic", "=interface=ether1", "=.proplist=name"], (row) => seen.push(row));
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(2);
    await stream.cancel();
    await expect(stream.done).resolves.toMatchObject({ cancelled: true });
    expect(seen[0]).toEqual({ name: "ether1" });
  });
});

describe("interface/list and members", () => {
  it("has the built-in lists, adds lists and members, and refuses duplicates", async () => {
    const r = await router();
    expect((await r.rows("/interface/list/print", "=.proplist=name,builtin")).map((row) => row.name)).toEqual(["all", "none", "dynamic", "static"]);
    await r.add("interface/list", { name: "WAN" });
    await r.add("interface/list/member", { list: "WAN", interface: "ether1" });
    expect(await r.trapOf("/interface/list/add", "=name=WAN")).toBe("failure: already have such name");
    expect(await r.trapOf("/interface/list/member/add", "=list=WAN", "=interface=ether1")).toBe("failure: already have such entry");
    expect(await r.trapOf("/interface/list/member/add", "=list=LAN", "=interface=ether2")).toBe("input does not match any value of list");
    expect(await r.trapOf("/interface/list/remove", "=numbers=all")).toBe("failure: can not change builtin list");
    await r.add("ip/firewall/mangle", { chain: "prerouting", "in-interface-list": "!WAN" });
  });
});

describe("ip/address", () => {
  it("computes network and actual-interface and refuses a duplicate address", async () => {
    const r = await router();
    await r.add("ip/address", { address: "192.168.88.1/24", interface: "ether2" });
    expect((await r.rows("/ip/address/print"))[0]).toEqual({
      ".id": "*1",
      address: "192.168.88.1/24",
      network: "192.168.88.0",
      interface: "ether2",
      "actual-interface": "ether2",
      invalid: "false",
      dynamic: "false",
      disabled: "false",
    });
    expect(await r.trapOf("/ip/address/add", "=address=192.168.88.1/24", "=interface=ether3")).toBe("failure: already have such address");
    // The manual's own trap example.
    expect(await r.trapOf("/ip/address/add", "=address=192.168.88.1", "=interface=asdf")).toBe("input does not match any value of interface");
    expect(await r.trapOf("/ip/address/add", "=address=192.168.88.7/24")).toBe("missing value(s) of argument(s) interface");
  });
});

describe("ip/settings", () => {
  it("prints defaults per version and keeps what is set", async () => {
    const v716 = await router({ version: "7.16.2" });
    const v712 = await router({ version: "7.12.2" });
    expect((await v716.rows("/ip/settings/print"))[0]).toMatchObject({ "ip-forward": "true", "ipv4-multipath-hash-policy": "l3", "rp-filter": "no" });
    expect((await v712.rows("/ip/settings/print"))[0]).not.toHaveProperty("ipv4-multipath-hash-policy");
    await v716.run("/ip/settings/set", "=ipv4-multipath-hash-policy=l4", "=tcp-syncookies=yes");
    expect((await v716.rows("/ip/settings/print", "=.proplist=ipv4-multipath-hash-policy,tcp-syncookies"))[0]).toEqual({
      "ipv4-multipath-hash-policy": "l4",
      "tcp-syncookies": "true",
    });
    expect((await v716.run("/ip/settings/get", "=value-name=tcp-syncookies")).done).toEqual({ ret: "true" });
    expect(await v716.trapOf("/ip/settings/set", "=rp-filter=sometimes")).toBe("input does not match any value of rp-filter");
    expect(await v712.trapOf("/ip/settings/set", "=ipv4-multipath-hash-policy=l4")).toBe("unknown parameter ipv4-multipath-hash-policy");
  });
});
