// What a push of this plan would change on the gateway as inspection found it, counted object by object: the
// ruleset against the copy the last confirmed push kept (rulesetObjects), Waymark's routing tables and rule
// priorities against what `ip` lists, monitor.conf against the applied one. Kernel settings are left out: the
// apply sets them idempotently, and they are the gateway's, not objects Waymark adds.

import { diffArrays } from "diff";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import { toDeviceChanges, type DeviceChangeItem, type DeviceChanges } from "@/lib/domain/device/changes";

import type { GatewayInspection } from "../push/inspect";
import { rulesetObjects } from "./ruleset-objects";

const FIRST_LINK_TABLE = 20001;
const LAST_LINK_TABLE = 20099;

export function gatewayChanges(plan: LinuxPlan, inspection: GatewayInspection): DeviceChanges {
  return toDeviceChanges([
    ...rulesetChanges(plan, inspection),
    ...routeChanges(plan, inspection),
    ...ruleChanges(plan, inspection),
    ...monitorChanges(plan, inspection),
  ]);
}

function rulesetChanges(plan: LinuxPlan, inspection: GatewayInspection): DeviceChangeItem[] {
  const wanted = rulesetObjects(plan.ruleset);
  const applied = inspection.applied.ruleset;
  const now = rulesetObjects(applied ?? "");
  const items: DeviceChangeItem[] = [];
  // Waymark's table is there but no confirmed push recorded it (an interrupted push, an older Waymark): replaced.
  if (applied === null && inspection.tableHash !== null)
    items.push({ op: "change", what: "Waymark's packet rules on the gateway, not recorded by a confirmed push, are replaced" });
  for (const [key, body] of wanted.objects) {
    const before = now.objects.get(key);
    if (before === undefined) items.push({ op: "add", what: key });
    else if (before !== body) items.push({ op: "change", what: key });
  }
  for (const key of now.objects.keys()) if (!wanted.objects.has(key)) items.push({ op: "remove", what: key });
  for (const chain of new Set([...wanted.rules.keys(), ...now.rules.keys()]))
    items.push(...chainRuleChanges(chain, now.rules.get(chain) ?? [], wanted.rules.get(chain) ?? []));
  if (applied === null) for (const hook of plan.hooks) items.push({ op: "add", what: `iptables ${hook.table} ${hook.chain}: jump to ${hook.target}` });
  return items;
}

/** A rule replaced in place is a change; what the line diff leaves over is added or removed. */
function chainRuleChanges(chain: string, before: string[], after: string[]): DeviceChangeItem[] {
  const items: DeviceChangeItem[] = [];
  let removed: string[] = [];
  const flush = (added: string[]) => {
    const paired = Math.min(removed.length, added.length);
    for (let i = 0; i < paired; i++) items.push({ op: "change", what: `${chain} rule: ${added[i]}` });
    for (const rule of removed.slice(paired)) items.push({ op: "remove", what: `${chain} rule: ${rule}` });
    for (const rule of added.slice(paired)) items.push({ op: "add", what: `${chain} rule: ${rule}` });
    removed = [];
  };
  for (const part of diffArrays(before, after)) {
    if (part.removed) removed = [...removed, ...part.value];
    else if (part.added) flush(part.value);
    else flush([]);
  }
  flush([]);
  return items;
}

function routeChanges(plan: LinuxPlan, inspection: GatewayInspection): DeviceChangeItem[] {
  const linkTable = (table: string) => Number(table) >= FIRST_LINK_TABLE && Number(table) <= LAST_LINK_TABLE;
  const current = inspection.routes.filter((r) => r.destination === "0.0.0.0/0" && linkTable(r.table));
  const items: DeviceChangeItem[] = [];
  for (const route of plan.routes) {
    const what = `route table ${route.table} (${route.link}): default via ${route.gateway} dev ${route.interface}`;
    const now = current.find((r) => r.table === String(route.table));
    if (now === undefined) items.push({ op: "add", what });
    else if (now.gateway !== route.gateway || now.interface !== route.interface) items.push({ op: "change", what });
  }
  for (const route of current) {
    if (!plan.routes.some((r) => String(r.table) === route.table))
      items.push({ op: "remove", what: `route table ${route.table}: default via ${route.gateway ?? "?"}` });
  }
  return items;
}

function ruleChanges(plan: LinuxPlan, inspection: GatewayInspection): DeviceChangeItem[] {
  const items: DeviceChangeItem[] = [];
  for (const rule of plan.rules) {
    const text = `${rule.selector} ${rule.action}`.trim();
    const now = inspection.rules.filter((r) => r.pref === rule.pref);
    if (now.length === 0) items.push({ op: "add", what: `ip rule pref ${rule.pref}: ${text}` });
    else if (now.length > 1 || now[0]!.text !== text) items.push({ op: "change", what: `ip rule pref ${rule.pref}: ${text}` });
  }
  for (const pref of new Set(inspection.rules.map((r) => r.pref))) {
    if (!plan.rules.some((r) => r.pref === pref)) items.push({ op: "remove", what: `ip rule pref ${pref}` });
  }
  return items;
}

/** KEY='value' lines (monitor-config.ts). */
const settings = (config: string): Map<string, string> =>
  new Map(config.split("\n").flatMap((line) => (/^([A-Z0-9_]+)=(.*)$/.exec(line) ? [[line.split("=")[0]!, line.slice(line.indexOf("=") + 1)] as const] : [])));

function monitorChanges(plan: LinuxPlan, inspection: GatewayInspection): DeviceChangeItem[] {
  const applied = inspection.applied.monitorConfig;
  if (applied === null) return [{ op: "add", what: `link monitor for ${plan.monitor.links.map((l) => l.name).join(", ")}` }];
  const before = settings(applied);
  const after = settings(plan.monitor.config);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key));
  // Server pools' keys (POOL_*) are read by the backend checks the monitor runs: said apart, in those words.
  const pools = changed.filter((key) => key.startsWith("POOL_") && key !== "POOL_MAP" && key !== "POOL_SIZE");
  const links = changed.filter((key) => !pools.includes(key));
  return [
    ...(links.length === 0 ? [] : [{ op: "change" as const, what: `link monitor settings: ${links.join(", ")}` }]),
    ...(pools.length === 0 ? [] : [{ op: "change" as const, what: `pool backend checks: ${pools.join(", ")}` }]),
  ];
}
