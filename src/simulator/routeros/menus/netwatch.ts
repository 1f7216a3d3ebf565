// /tool/netwatch (reference §2.5). v7 CLI reference: type simple by default, interval 10s, timeout 3s,
// start-delay 3s, startup-delay 5m; v6: interval 1m, timeout 1s [UNVERIFIED]. `status` (up | down | unknown) and
// `since` are the prober's (item.runtime); "unknown - after any properties of this list entry were changed, or the
// item is enabled or disabled", so every change forgets the status.

import { isV7 } from "../device";
import { trap } from "../types";
import type { MenuSpec, PropertySpec, ValueContext } from "./spec";

const NETWATCH_TYPES = ["simple", "icmp", "tcp-conn", "http-get", "https-get", "dns"];

/**
 * http-codes: "a multi range [100..599]" (the manual's http-get options; default 100-299): "200", "200-299",
 * "200,301-302". Anything else is refused, in the words the router uses for a bad range value [UNVERIFIED wording].
 */
const parseHttpCodes = (value: string, { name }: ValueContext): string => {
  const parts = value.split(",");
  const ok = parts.every((part) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (m === null) return false;
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    return from >= 100 && to <= 599 && from <= to;
  });
  if (!ok) throw trap(`value of ${name} out of range (100..599)`, 1);
  return value;
};

const byVersion =
  (v7: string, v6: string): PropertySpec["default"] =>
  (device) =>
    isV7(device) ? v7 : v6;

const forgetStatus: MenuSpec["afterChange"] = (_context, item) => {
  delete item.runtime.status;
};

export const netwatchSpec: MenuSpec = {
  path: "tool/netwatch",
  properties: {
    name: { kind: "string" },
    host: { kind: "string", required: true },
    type: { kind: "enum", values: NETWATCH_TYPES, default: (device) => (isV7(device) ? "simple" : undefined) },
    interval: { kind: "duration", default: byVersion("10s", "1m") },
    timeout: { kind: "duration", default: byVersion("3s", "1s") },
    "start-delay": { kind: "duration", default: (device) => (isV7(device) ? "3s" : undefined) },
    "startup-delay": { kind: "duration", default: (device) => (isV7(device) ? "5m" : undefined) },
    "src-address": { kind: "ip" },
    "up-script": { kind: "string", default: "" },
    "down-script": { kind: "string", default: "" },
    "test-script": { kind: "string" },
    "ignore-initial-up": { kind: "bool", default: "false" },
    "ignore-initial-down": { kind: "bool", default: "false" },
    "packet-interval": { kind: "duration" },
    "packet-count": { kind: "int" },
    "packet-size": { kind: "int" },
    port: { kind: "int", range: [1, 65535] },
    "thr-max": { kind: "duration" },
    "thr-avg": { kind: "duration" },
    "thr-stdev": { kind: "duration" },
    "thr-jitter": { kind: "duration" },
    "thr-tcp-conn-time": { kind: "duration" },
    "thr-http-time": { kind: "duration" },
    "http-codes": { kind: "string", parse: parseHttpCodes },
  },
  derive: () => ({ status: "unknown" }),
  afterChange: forgetStatus,
};
