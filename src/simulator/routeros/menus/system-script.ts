// /system/script and /system/scheduler (reference §2.7). `run` hands the source to the router's script
// interpreter (device.runtime.runScript, installed by script/); the scheduler only stores items, script/ runs them.

import { targetItems } from "../commands/items";
import { trap, type CommandDefinition } from "../types";
import { formatRouterDate } from "./dates";
import type { MenuSpec } from "./spec";

// RouterOS v7's default policy for new scripts and scheduler entries.
const DEFAULT_POLICY = "ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon";

const run = (spec: MenuSpec): CommandDefinition => ({
  run: async ({ device, args }) => {
    const [script] = targetItems(device, spec, args, "number");
    if (!script) return;
    const runScript = device.runtime.runScript;
    if (!runScript) throw trap("simulator: no script interpreter", 3);
    script.runtime["run-count"] = String(Number(script.runtime["run-count"] ?? "0") + 1);
    script.runtime["last-started"] = formatRouterDate(device, new Date(device.runtime.now?.() ?? Date.now()));
    await runScript(script.props.source ?? "", `script:${script.props.name ?? script.id}`);
  },
});

export const scriptSpec: MenuSpec = {
  path: "system/script",
  nameKey: "name",
  properties: {
    name: { kind: "string", required: true },
    owner: { kind: "string", default: "admin" },
    policy: { kind: "string", default: DEFAULT_POLICY },
    "dont-require-permissions": { kind: "bool", default: "false" },
    source: { kind: "string", default: "" },
  },
  unique: [{ props: ["name"], message: "failure: already have such name" }],
  derive: () => ({ "run-count": "0" }),
  flags: () => ({ invalid: "false" }),
  noDisable: true,
  commands: (spec) => ({ run: run(spec) }),
};

export const schedulerSpec: MenuSpec = {
  path: "system/scheduler",
  nameKey: "name",
  properties: {
    name: { kind: "string", required: true },
    "start-date": { kind: "string" },
    "start-time": { kind: "string", default: "startup" },
    interval: { kind: "duration", default: "0s" },
    "on-event": { kind: "string", default: "" },
    policy: { kind: "string", default: DEFAULT_POLICY },
  },
  unique: [{ props: ["name"], message: "failure: already have such name" }],
  derive: () => ({ owner: "admin", "run-count": "0" }),
};
