// Firewall menus and the generic item verbs, over real TCP with the repo's client.

import { describe, expect, it } from "vitest";

import { useTestRouters } from "@tests/support/simulator/harness";

const router = useTestRouters();

const MARK = { chain: "prerouting", action: "mark-connection", "new-connection-mark": "isp1", passthrough: "yes" };

describe("ip/firewall/mangle", () => {
  it("adds a rule, answers its id and prints it with defaults, flags and counters", async () => {
    const r = await router();
    expect(await r.add("ip/firewall/mangle", MARK)).toBe("*1");
    expect(await r.rows("/ip/firewall/mangle/print")).toEqual([
      {
        ".id": "*1",
        chain: "prerouting",
        action: "mark-connection",
        "new-connection-mark": "isp1",
        passthrough: "true",
        log: "false",
        "log-prefix": "",
        invalid: "false",
        dynamic: "false",
        disabled: "false",
        bytes: "0",
        packets: "0",
      },
    ]);
  });

  it("places a rule before another and moves rules", async () => {
    const r = await router();
    const a = await r.add("ip/firewall/mangle", { chain: "prerouting", comment: "a" });
    const b = await r.add("ip/firewall/mangle", { chain: "prerouting", comment: "b" });
    const c = await r.add("ip/firewall/mangle", { chain: "prerouting", comment: "c", "place-before": a });
    const order = async () => (await r.rows("/ip/firewall/mangle/print", "=.proplist=comment")).map((row) => row.comment);
    expect(await order()).toEqual(["c", "a", "b"]);
    await r.run("/ip/firewall/mangle/move", `=numbers=${b}`, `=destination=${c}`);
    expect(await order()).toEqual(["b", "c", "a"]);
    await r.run("/ip/firewall/mangle/move", `=numbers=${b},${c}`);
    expect(await order()).toEqual(["a", "b", "c"]);
  });

  it("copies a rule with copy-from and overrides what is given", async () => {
    const r = await router();
    const first = await r.add("ip/firewall/mangle", MARK);
    await r.add("ip/firewall/mangle", { "copy-from": first, "new-connection-mark": "isp2" });
    const rows = await r.rows("/ip/firewall/mangle/print", "=.proplist=chain,new-connection-mark");
    expect(rows).toEqual([
      { chain: "prerouting", "new-connection-mark": "isp1" },
      { chain: "prerouting", "new-connection-mark": "isp2" },
    ]);
  });

  it("returns a bare !re for items lacking every .proplist property", async () => {
    const r = await router();
    await r.add("ip/firewall/mangle", MARK);
    await r.add("ip/firewall/mangle", { ...MARK, comment: "second" });
    expect(await r.rows("/ip/firewall/mangle/print", "=.proplist=comment")).toEqual([{}, { comment: "second" }]);
  });

  it("counts with count-only, restricts with from= and filters with queries", async () => {
    const r = await router();
    const one = await r.add("ip/firewall/mangle", MARK);
    const two = await r.add("ip/firewall/mangle", { ...MARK, "new-connection-mark": "isp2" });
    await r.add("ip/firewall/mangle", { chain: "forward", action: "accept" });
    expect((await r.run("/ip/firewall/mangle/print", "=count-only=")).done).toEqual({ ret: "3" });
    expect((await r.run("/ip/firewall/mangle/print", "=count-only=", "?chain=prerouting")).done).toEqual({ ret: "2" });
    const ids = (rows: Record<string, string>[]) => rows.map((row) => row[".id"]);
    expect(ids(await r.rows("/ip/firewall/mangle/print", `=from=${two}`))).toEqual([two]);
    expect(ids(await r.rows("/ip/firewall/mangle/print", "?new-connection-mark=isp1", "?new-connection-mark=isp2", "?#|"))).toEqual([one, two]);
    expect(ids(await r.rows("/ip/firewall/mangle/print", "?chain=prerouting", "?#!"))).toHaveLength(1);
    expect(ids(await r.rows("/ip/firewall/mangle/print", "=chain=forward"))).toHaveLength(1);
  });

  it("answers !empty for an empty print on 7.18 but not on 7.16", async () => {
    const newer = await router({ version: "7.18.2" });
    const older = await router({ version: "7.16.2" });
    expect(await newer.run("/ip/firewall/mangle/print")).toEqual({ rows: [], done: {}, empty: true });
    expect(await older.run("/ip/firewall/mangle/print")).toEqual({ rows: [], done: {}, empty: false });
    expect(await newer.run("/ip/firewall/mangle/print", "=count-only=")).toEqual({ rows: [], done: { ret: "0" }, empty: false });
  });

  it("refuses what the router refuses, with its words", async () => {
    const r = await router();
    expect(await r.trapOf("/ip/firewall/mangle/add", "=action=accept")).toBe("missing value(s) of argument(s) chain");
    expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=forward", "=action=frobnicate")).toBe("input does not match any value of action");
    expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=forward", "=in-interface=nope")).toBe("input does not match any value of in-interface");
    expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=forward", "=passthrough=maybe")).toBe("invalid value for argument passthrough");
    expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=forward", "=src-address=10.0.0.300")).toBe("invalid value for argument src-address");
    expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=forward", "=thr-max=1s")).toBe("unknown parameter thr-max");
    expect(await r.trapOf("/ip/firewall/mangle/set", "=.id=*99", "=comment=x")).toBe("no such item");
    expect(await r.trapOf("/ip/firewall/mangle/set", "=numbers=first", "=comment=x")).toBe("invalid internal item number");
    expect(await r.trapOf("/ip/firewall/mangle/set", "=comment=x")).toBe("missing value(s) of argument(s) numbers");
    expect(await r.trapOf("/ip/firewall/mangle/frobnicate")).toBe("no such command");
    expect(await r.trapOf("/ip/firewall/layer7-protocol/print")).toBe("no such command prefix");
  });

  it("accepts interfaces, negation and lists in matchers", async () => {
    const r = await router();
    const id = await r.add("ip/firewall/mangle", {
      chain: "prerouting",
      "in-interface": "!ether1",
      "connection-state": "established,related",
      "dst-address-type": "!local",
      "dst-address": "10.0.0.0/8",
    });
    const [row] = await r.rows("/ip/firewall/mangle/print", `?.id=${id}`);
    expect(row).toMatchObject({ "in-interface": "!ether1", "connection-state": "established,related", "dst-address-type": "!local" });
  });

  it("parses per-connection-classifier per the PCC grammar", async () => {
    const r = await router();
    await r.add("ip/firewall/mangle", { chain: "prerouting", "per-connection-classifier": "both-addresses-and-ports:2/0" });
    await r.add("ip/firewall/mangle", { chain: "prerouting", "per-connection-classifier": "!src-address:3/2" });
    for (const bad of ["both-addresses:2/2", "everything:2/0", "src-address:0/0", "src-address:2"]) {
      expect(await r.trapOf("/ip/firewall/mangle/add", "=chain=prerouting", `=per-connection-classifier=${bad}`)).toBe(
        "invalid value for argument per-connection-classifier",
      );
    }
  });

  it("requires new-routing-mark to name a routing table on v7, not on v6", async () => {
    const v7 = await router();
    const words = ["/ip/firewall/mangle/add", "=chain=prerouting", "=action=mark-routing", "=new-routing-mark=to-isp1"];
    expect(await v7.trapOf(...words)).toBe("input does not match any value of new-routing-mark");
    await v7.add("routing/table", { name: "to-isp1", fib: "" });
    expect((await v7.run(...words)).done.ret).toMatch(/^\*[0-9A-F]+$/);
    const v6 = await router({ version: "6.49.10" });
    expect((await v6.run(...words)).done.ret).toBe("*1");
  });

  it("flags mark-routing outside prerouting/output as invalid", async () => {
    const r = await router();
    await r.add("routing/table", { name: "t1", fib: "" });
    const id = await r.add("ip/firewall/mangle", { chain: "forward", action: "mark-routing", "new-routing-mark": "t1" });
    expect((await r.rows("/ip/firewall/mangle/print", `?.id=${id}`, "=.proplist=invalid"))[0]).toEqual({ invalid: "true" });
  });

  it("sets, comments, disables, enables and removes by .id, numbers and comma lists", async () => {
    const r = await router();
    const a = await r.add("ip/firewall/mangle", MARK);
    const b = await r.add("ip/firewall/mangle", MARK);
    await r.run("/ip/firewall/mangle/set", `=.id=${a},${b}`, "=log=yes", "=log-prefix=pcc");
    await r.run("/ip/firewall/mangle/disable", `=numbers=${b}`);
    await r.run("/ip/firewall/mangle/comment", `=numbers=${a}`, "=comment=first");
    const rows = await r.rows("/ip/firewall/mangle/print", "=.proplist=.id,log,log-prefix,disabled,comment");
    expect(rows).toEqual([
      { ".id": a, log: "true", "log-prefix": "pcc", disabled: "false", comment: "first" },
      { ".id": b, log: "true", "log-prefix": "pcc", disabled: "true" },
    ]);
    await r.run("/ip/firewall/mangle/enable", `=.id=${b}`);
    await r.run("/ip/firewall/mangle/unset", `=.id=${a}`, "=value-name=log-prefix");
    expect(await r.rows("/ip/firewall/mangle/print", "?disabled=true")).toEqual([]);
    expect((await r.rows("/ip/firewall/mangle/print", `?.id=${a}`, "=.proplist=log-prefix"))[0]).toEqual({ "log-prefix": "" });
    await r.run("/ip/firewall/mangle/remove", `=numbers=${a},${b}`);
    expect((await r.run("/ip/firewall/mangle/print", "=count-only=")).done.ret).toBe("0");
  });

  it("reads one value with get", async () => {
    const r = await router();
    const id = await r.add("ip/firewall/mangle", MARK);
    expect((await r.run("/ip/firewall/mangle/get", `=number=${id}`, "=value-name=new-connection-mark")).done).toEqual({ ret: "isp1" });
    expect((await r.run("/ip/firewall/mangle/get", `=.id=${id}`, "=value-name=action")).done).toEqual({ ret: "mark-connection" });
  });

  it("prints counters from the dataplane and resets them", async () => {
    const r = await router();
    const a = await r.add("ip/firewall/mangle", MARK);
    const b = await r.add("ip/firewall/mangle", MARK);
    for (const item of r.sim.device.config.table("ip/firewall/mangle").items) item.counters = { bytes: 9_007_199_254_740_993n, packets: 12n };
    expect(await r.rows("/ip/firewall/mangle/print", "=.proplist=bytes,packets")).toEqual([
      { bytes: "9007199254740993", packets: "12" },
      { bytes: "9007199254740993", packets: "12" },
    ]);
    await r.run("/ip/firewall/mangle/reset-counters", `=numbers=${a}`);
    expect((await r.rows("/ip/firewall/mangle/print", `?.id=${a}`, "=.proplist=bytes"))[0]).toEqual({ bytes: "0" });
    await r.run("/ip/firewall/mangle/reset-counters-all");
    expect((await r.rows("/ip/firewall/mangle/print", `?.id=${b}`, "=.proplist=packets"))[0]).toEqual({ packets: "0" });
  });

  it("streams changes with listen and marks removed items .dead", async () => {
    const r = await router();
    const id = await r.add("ip/firewall/mangle", MARK);
    const seen: Record<string, string>[] = [];
    const stream = r.client.stream(["/ip/firewall/mangle/listen", "=.proplist=.id,comment"], (row) => seen.push(row));
    const other = await r.session();
    await other.command(["/ip/firewall/mangle/set", `=.id=${id}`, "=comment=changed"]);
    await other.command(["/ip/firewall/mangle/remove", `=.id=${id}`]);
    await expect
      .poll(() => seen, { timeout: 3_000 })
      .toEqual([
        { ".id": id, comment: "changed" },
        { ".id": id, ".dead": "true" },
      ]);
    await stream.cancel();
    await expect(stream.done).resolves.toMatchObject({ cancelled: true });
  });

  it("repeats a print every interval until /cancel", async () => {
    const r = await router();
    await r.add("ip/firewall/mangle", MARK);
    const seen: Record<string, string>[] = [];
    const stream = r.client.stream(["/ip/firewall/mangle/print", "=interval=200ms", "=.proplist=chain"], (row) => seen.push(row));
    await expect.poll(() => seen.length, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    await stream.cancel();
    expect(seen[0]).toEqual({ chain: "prerouting" });
  });
});

describe("ip/firewall/nat, filter, raw", () => {
  it("have their own action lists and counters", async () => {
    const r = await router();
    await r.add("ip/firewall/nat", { chain: "srcnat", action: "masquerade", "out-interface": "ether1" });
    await r.add("ip/firewall/filter", { chain: "forward", action: "fasttrack-connection", "connection-state": "established,related" });
    await r.add("ip/firewall/raw", { chain: "prerouting", action: "notrack" });
    expect(await r.trapOf("/ip/firewall/nat/add", "=chain=srcnat", "=action=notrack")).toBe("input does not match any value of action");
    expect(await r.trapOf("/ip/firewall/raw/add", "=chain=prerouting", "=action=masquerade")).toBe("input does not match any value of action");
    expect((await r.rows("/ip/firewall/nat/print"))[0]).toMatchObject({ action: "masquerade", "out-interface": "ether1", bytes: "0" });
    await r.run("/ip/firewall/filter/reset-counters-all");
  });
});

describe("ip/firewall/address-list and connection", () => {
  it("keeps list entries unique and prints single addresses without /32", async () => {
    const r = await router();
    await r.add("ip/firewall/address-list", { list: "lan", address: "192.168.88.10/32" });
    await r.add("ip/firewall/address-list", { list: "lan", address: "192.168.88.0/24", timeout: "1h" });
    expect(await r.trapOf("/ip/firewall/address-list/add", "=list=lan", "=address=192.168.88.10")).toBe("failure: already have such entry");
    expect(await r.rows("/ip/firewall/address-list/print", "=.proplist=address,timeout,dynamic")).toEqual([
      { address: "192.168.88.10", dynamic: "false" },
      { address: "192.168.88.0/24", timeout: "1h", dynamic: "true" },
    ]);
  });

  it("prints and removes the conntrack entries the dataplane keeps", async () => {
    const r = await router();
    const table = r.sim.device.config.table("ip/firewall/connection");
    const entry = table.add({ protocol: "tcp", "src-address": "192.168.88.10:40000", "dst-address": "1.1.1.1:443", "connection-mark": "isp1" });
    table.add({ protocol: "udp", "src-address": "192.168.88.11:5353", "dst-address": "8.8.8.8:53", "connection-mark": "isp2" });
    expect((await r.run("/ip/firewall/connection/print", "=count-only=", "?connection-mark=isp1")).done.ret).toBe("1");
    await r.run("/ip/firewall/connection/remove", `=.id=${entry.id}`);
    expect(await r.rows("/ip/firewall/connection/print", "=.proplist=connection-mark")).toEqual([{ "connection-mark": "isp2" }]);
    expect(await r.trapOf("/ip/firewall/connection/add", "=protocol=tcp")).toBe("no such command");
  });
});
