import { describe, expect, it } from "vitest";

import { compileRouterOs, type RouterOsPlan } from "../../compile/routeros";
import { ZIntent, type IntentInput } from "../../intent";
import { DUAL_WAN_EXAMPLE } from "../../intent/examples";
import { diffRouterOs, parseDurationMs, type CurrentState, type DesiredObject, type DiffStep, type PrintedItem } from ".";

const plan = (version: "6" | "7", edit: (input: IntentInput) => void = () => {}): RouterOsPlan => {
  const input = structuredClone(DUAL_WAN_EXAMPLE);
  edit(input);
  return compileRouterOs(ZIntent.parse(input), { version });
};

const clock = (ms: number): string => {
  const pad = (n: number) => String(n).padStart(2, "0");
  const seconds = Math.floor(ms / 1000);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}${ms % 1000 ? `.${String(ms % 1000).padStart(3, "0")}` : ""}`;
};

// What a v7 router prints for an object Waymark added: booleans as true/false, switches as true, durations in
// clock form, host addresses without /32, defaults it fills in itself, flags and counters.
const printedAs = (object: DesiredObject, id: string, extra: Record<string, string> = {}): PrintedItem => {
  const props: Record<string, string> = {};
  for (const [name, value] of Object.entries(object.properties)) {
    if (value === "") props[name] = "true";
    else if (value === "yes" || value === "no") props[name] = value === "yes" ? "true" : "false";
    else if (name === "interval" || name === "timeout") props[name] = clock(parseDurationMs(value)!);
    else props[name] = value.endsWith("/32") && object.menu !== "/ip/route" ? value.slice(0, -3) : value;
  }
  const defaults: Record<string, string> =
    object.menu === "/ip/route"
      ? { distance: "1", scope: "30", "target-scope": "10", "routing-table": "main", active: "true", "immediate-gw": "x%wan1" }
      : object.menu.startsWith("/ip/firewall/") && object.menu !== "/ip/firewall/address-list"
        ? { bytes: "1200", packets: "12", invalid: "false", log: "false", "log-prefix": "" }
        : object.menu === "/tool/netwatch"
          ? { type: "simple", status: "up", since: "2026-11-20 10:00:00" }
          : {};
  return { ".id": id, ...defaults, ...props, comment: object.comment, disabled: "false", dynamic: "false", ...extra };
};

/** The router after a clean push of `p`, with foreign items before and after the mangle block. */
const deviceWith = (p: RouterOsPlan, foreign: Record<string, { before?: PrintedItem[]; after?: PrintedItem[] }> = {}): Record<string, PrintedItem[]> => {
  const state: Record<string, PrintedItem[]> = {};
  p.objects.forEach((o, index) => {
    const items = state[o.menu] ?? [];
    items.push(printedAs(o, `*${(index + 0x10).toString(16).toUpperCase()}`));
    state[o.menu] = items;
  });
  for (const [menu, { before = [], after = [] }] of Object.entries(foreign)) state[menu] = [...before, ...(state[menu] ?? []), ...after];
  return state;
};

const foreignRule = (id: string, comment?: string): PrintedItem => ({
  ".id": id,
  chain: "prerouting",
  action: "mark-connection",
  "new-connection-mark": "vpn",
  "dst-address": "10.8.0.0/24",
  passthrough: "true",
  disabled: "false",
  dynamic: "false",
  bytes: "0",
  packets: "0",
  ...(comment ? { comment } : {}),
});

const summary = (steps: readonly DiffStep[]) =>
  steps.map((s) => {
    if (s.kind === "add") return `add ${s.comment}${s.placeBefore ? ` before ${s.placeBefore.comment ?? s.placeBefore.id}` : ""}`;
    if (s.kind === "move") return `move ${s.target.comment}${s.before ? ` before ${s.before.comment ?? s.before.id}` : " to end"}`;
    if (s.kind === "set") return `set ${s.target.comment} ${[...Object.entries(s.set).map(([k, v]) => `${k}=${v}`), ...s.unset.map((u) => `!${u}`)].join(" ")}`;
    return `remove ${s.target.comment}`;
  });

describe("[domain] diffRouterOs", () => {
  it.each(["6", "7"] as const)("adds everything on an empty v%s router, in dependency order, firewall at the end", (version) => {
    const p = plan(version);
    const steps = diffRouterOs(p.objects, {}, { version });
    expect(steps.every((s) => s.kind === "add" && s.placeBefore === undefined)).toBe(true);
    expect(steps.map((s) => (s.kind === "add" ? s.comment : ""))).toEqual(p.objects.map((o) => o.comment));
  });

  it("puts the first block after the admin's own mangle rules and never names them", () => {
    const p = plan("7");
    const current: CurrentState = { "/ip/firewall/mangle": [foreignRule("*1", "VPN marks"), foreignRule("*2")] };
    const steps = diffRouterOs(p.objects, current, { version: "7" });
    const mangle = steps.filter((s) => s.menu === "/ip/firewall/mangle");
    expect(mangle.every((s) => s.kind === "add" && s.placeBefore === undefined)).toBe(true);
    expect(JSON.stringify(steps)).not.toMatch(/"\*1"|"\*2"/);
  });

  it.each(["6", "7"] as const)("finds nothing to do on a v%s router that prints the plan in its own spelling", (version) => {
    const p = plan(version);
    const current = deviceWith(p, { "/ip/firewall/mangle": { before: [foreignRule("*1")], after: [foreignRule("*2")] } });
    expect(diffRouterOs(p.objects, current, { version })).toEqual([]);
  });

  it("turns a weight change into a minimal diff inside the block", () => {
    const before = plan("7");
    const after = plan("7", (input) => {
      input.links[0]!.weight = 1;
      input.links[1]!.weight = 1;
    });
    const current = deviceWith(before, { "/ip/firewall/mangle": { before: [foreignRule("*1")], after: [foreignRule("*2")] } });
    expect(summary(diffRouterOs(after.objects, current, { version: "7" }))).toEqual([
      "add waymark:pcc:isp-b:1 before waymark:mark-routing:isp-a",
      "set waymark:pcc:isp-a:0 per-connection-classifier=both-addresses-and-ports:2/0",
      "remove waymark:pcc:isp-a:1",
      "remove waymark:pcc:isp-a:2",
      "remove waymark:pcc:isp-b:3",
    ]);
  });

  it("keeps a block the admin moved to the top there, inserting new rules inside it", () => {
    const before = plan("7");
    const after = plan("7", (input) => {
      input.outbound.pinned = [{ destination: "10.20.0.0/16", link: "isp-b" }];
    });
    const current = deviceWith(before, { "/ip/firewall/mangle": { after: [foreignRule("*1"), foreignRule("*2")] } });
    const steps = diffRouterOs(after.objects, current, { version: "7" });
    expect(summary(steps)).toEqual(["add waymark:pin:1 before waymark:pcc:isp-a:0"]);
  });

  it("appends new last rules at the end of the block, before the admin's rule that follows it", () => {
    const p = plan("7");
    const current = deviceWith(p, { "/ip/firewall/mangle": { after: [foreignRule("*1")] } });
    current["/ip/firewall/mangle"] = current["/ip/firewall/mangle"]!.filter((i) => i.comment !== "waymark:output:isp-b");
    expect(summary(diffRouterOs(p.objects, current, { version: "7" }))).toEqual(["add waymark:output:isp-b before *1"]);
  });

  it("moves reordered Waymark rules back into plan order with as few moves as it can", () => {
    const p = plan("7");
    const current = deviceWith(p, { "/ip/firewall/mangle": { before: [foreignRule("*1")], after: [foreignRule("*2")] } });
    const mangle = current["/ip/firewall/mangle"]!;
    const lanAccept = mangle.findIndex((i) => i.comment === "waymark:lan-accept");
    const [moved] = mangle.splice(lanAccept, 1);
    mangle.splice(mangle.length - 1, 0, moved!);
    const steps = diffRouterOs(p.objects, current, { version: "7" });
    expect(summary(steps)).toEqual(["move waymark:lan-accept before waymark:in:isp-a"]);
    expect(steps[0]).toMatchObject({ kind: "move", previousBefore: { id: "*2" } });
  });

  it("moves the last rule back to the end of the block when it was at the top", () => {
    const p = plan("7");
    const current = deviceWith(p, { "/ip/firewall/mangle": { before: [foreignRule("*1")], after: [foreignRule("*2")] } });
    const mangle = current["/ip/firewall/mangle"]!;
    const last = mangle.findIndex((i) => i.comment === "waymark:output:isp-b");
    const [moved] = mangle.splice(last, 1);
    mangle.unshift(moved!);
    expect(summary(diffRouterOs(p.objects, current, { version: "7" }))).toEqual(["move waymark:output:isp-b before *2"]);
  });

  it("unsets matchers Waymark did not ask for, sets changed values and re-enables its objects", () => {
    const p = plan("7");
    const current = deviceWith(p);
    const rule = current["/ip/firewall/mangle"]!.find((i) => i.comment === "waymark:pcc:isp-a:0")!;
    Object.assign(rule, { "src-port": "53", log: "true", disabled: "true" });
    const route = current["/ip/route"]!.find((i) => i.comment === "waymark:route:isp-a:via:isp-a")!;
    Object.assign(route, { distance: "3" });
    const list = current["/interface/list"]![0]!;
    Object.assign(list, { include: "dynamic" });
    expect(summary(diffRouterOs(p.objects, current, { version: "7" }))).toEqual([
      "set waymark:lan-list include=",
      "set waymark:route:isp-a:via:isp-a distance=1",
      "set waymark:pcc:isp-a:0 disabled=no !src-port",
    ]);
  });

  it("removes a second copy of a Waymark object and stale ones in reverse dependency order", () => {
    const p = plan("7");
    const current = deviceWith(p);
    const nat = current["/ip/firewall/nat"]!;
    nat.push({ ...nat[0]!, ".id": "*F0" });
    current["/routing/table"]!.push({ ".id": "*F1", name: "to-old", fib: "true", comment: "waymark:table:old", disabled: "false", dynamic: "false" });
    current["/ip/route"]!.push({
      ".id": "*F2",
      "dst-address": "0.0.0.0/0",
      gateway: "192.0.2.1",
      "routing-table": "to-old",
      comment: "waymark:route:old:via:old",
      disabled: "false",
      dynamic: "false",
    });
    const steps = diffRouterOs(p.objects, current, { version: "7" });
    expect(summary(steps)).toEqual(["remove waymark:nat:isp-a", "remove waymark:route:old:via:old", "remove waymark:table:old"]);
    expect(steps[0]).toMatchObject({ target: { id: "*F0" } });
    expect(steps[2]).toMatchObject({ previous: { name: "to-old", fib: "", comment: "waymark:table:old" } });
  });

  it("never touches dynamic items or items without a waymark: comment", () => {
    const p = plan("7");
    const current = deviceWith(p);
    current["/ip/route"]!.push({ ".id": "*D1", "dst-address": "0.0.0.0/0", gateway: "wan1", comment: "waymark:route:isp-a:via:isp-a", dynamic: "true" });
    current["/ip/route"]!.push({ ".id": "*3", "dst-address": "0.0.0.0/0", gateway: "192.0.2.1", comment: "my own default" });
    expect(diffRouterOs(p.objects, current, { version: "7" })).toEqual([]);
  });

  it("leaves the enabled state of netwatch-switched objects to netwatch, and adds them as netwatch last saw it", () => {
    const p = plan("7");
    const switched = p.objects.map(
      (o): DesiredObject =>
        o.comment.startsWith("waymark:route:") ? { ...o, switchedBy: { netwatch: `waymark:netwatch:${o.comment.split(":").at(-1)}`, enabledWhen: "up" } } : o,
    );
    const current = deviceWith(p);
    for (const route of current["/ip/route"]!) if (route.comment?.endsWith(":via:isp-a")) Object.assign(route, { disabled: "true" });
    expect(diffRouterOs(switched, current, { version: "7" })).toEqual([]);
    current["/ip/route"] = current["/ip/route"]!.filter((r) => r.comment !== "waymark:route:isp-b:via:isp-a" && r.comment !== "waymark:route:isp-a:via:isp-b");
    Object.assign(current["/tool/netwatch"]!.find((n) => n.comment === "waymark:netwatch:isp-a")!, { status: "down" });
    const adds = diffRouterOs(switched, current, { version: "7" }).filter((s) => s.kind === "add");
    expect(adds.map((s) => [s.kind === "add" && s.comment, s.kind === "add" && s.properties.disabled])).toEqual([
      ["waymark:route:isp-a:via:isp-b", undefined],
      ["waymark:route:isp-b:via:isp-a", "yes"],
    ]);
  });
});
