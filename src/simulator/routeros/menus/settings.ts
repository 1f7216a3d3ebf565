// Settings menus: /ip/settings and /tool/e-mail (reference §2.3, §2.7). Properties print only where the version's
// schema lists them (ipv4-multipath-hash-policy from 7.16; e-mail `address` became `server` in 7.12).

import { isV7 } from "../device";
import { trap, type CommandDefinition } from "../types";
import { missingArguments } from "../commands/items";
import type { SettingsSpec } from "./spec";

const bool = (value: string) => ({ kind: "bool" as const, default: value });

export const ipSettingsSpec: SettingsSpec = {
  path: "ip/settings",
  properties: {
    "ip-forward": bool("true"),
    "send-redirects": bool("true"),
    "accept-source-route": bool("false"),
    "accept-redirects": bool("false"),
    "secure-redirects": bool("true"),
    "rp-filter": { kind: "enum", values: ["no", "strict", "loose"], default: "no" },
    "tcp-syncookies": bool("false"),
    "allow-fast-path": bool("true"),
    "route-cache": bool("true"),
    "arp-timeout": { kind: "duration", default: "30s" },
    "icmp-rate-limit": { kind: "int", default: "10" },
    "icmp-rate-mask": { kind: "string", default: "0x1818" },
    "max-neighbor-entries": { kind: "int", default: "8192" },
    "ipv4-multipath-hash-policy": { kind: "enum", values: ["l3", "l3-inner", "l4"], default: "l3" },
    "tcp-timestamps": { kind: "enum", values: ["disabled", "random-offset", "enabled"], default: "random-offset" },
  },
};

const send: CommandDefinition = {
  run: ({ device, args }) => {
    const to = args.get("to");
    if (to === undefined) throw missingArguments("to");
    // [UNVERIFIED] a real router needs a server; the simulated one accepts any and delivers to the outbox.
    if (to.trim() === "") throw trap("failure: no recipient", 4);
    device.runtime.outbox.push({ to, subject: args.get("subject") ?? "", body: args.get("body") ?? "", at: device.runtime.now?.() ?? Date.now() });
  },
};

export const emailSpec: SettingsSpec = {
  path: "tool/e-mail",
  properties: {
    server: { kind: "string", default: "0.0.0.0" },
    address: { kind: "ip", default: "0.0.0.0" },
    port: { kind: "int", default: "25", range: [0, 65535] },
    tls: { kind: "enum", values: ["no", "yes", "starttls"], default: "no" },
    "start-tls": { kind: "enum", values: ["no", "yes", "tls-only"], default: (device) => (isV7(device) ? undefined : "no") },
    vrf: { kind: "string", default: "main" },
    from: { kind: "string", default: "<>" },
    user: { kind: "string", default: "" },
    password: { kind: "string", default: "" },
  },
  commands: { send },
};
