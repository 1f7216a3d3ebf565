// /interface/list and /interface/list/member. The built-in lists all, none, dynamic and static exist on every
// router (seed.ts) and cannot be removed or renamed.

import type { ConfigItem } from "../config";
import type { MenuSpec } from "./spec";

export const BUILTIN_LISTS = ["all", "none", "dynamic", "static"] as const;

const isBuiltin = (item: ConfigItem): boolean => item.runtime.builtin === "true";

export const interfaceListSpec: MenuSpec = {
  path: "interface/list",
  nameKey: "name",
  properties: {
    name: { kind: "string", required: true },
    include: { kind: "ref", ref: { menu: "interface/list" }, list: true },
    exclude: { kind: "ref", ref: { menu: "interface/list" }, list: true },
  },
  unique: [{ props: ["name"], message: "failure: already have such name" }],
  noDisable: true,
  flags: (_context, item) => ({ builtin: String(isBuiltin(item)), dynamic: String(item.dynamic) }),
  // [UNVERIFIED] wording.
  protect: (item) => (isBuiltin(item) ? "failure: can not change builtin list" : undefined),
};

export const interfaceListMemberSpec: MenuSpec = {
  path: "interface/list/member",
  properties: {
    list: { kind: "ref", ref: { menu: "interface/list" }, required: true },
    interface: { kind: "ref", ref: { menu: "interface" }, required: true },
  },
  // [UNVERIFIED] wording for a second membership of the same interface in the same list.
  unique: [{ props: ["list", "interface"], message: "failure: already have such entry" }],
};
