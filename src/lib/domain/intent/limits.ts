import type { z } from "zod";
import { ZIPv4, ZIPv4Cidr, ZInterfaceName, ZLinkName } from "../network";
import { ZAlerts, ZEmailAddress } from "./alerts";
import { ZBackend, ZPoolListen, ZPoolProbe, ZServerName, ZServerPool } from "./inbound";
import { ZIntent } from "./intent";
import { POOL_PROBE_DEFAULTS } from "./pool-probe";
import { ZLink } from "./link";
import { ZOutboundPolicy, ZPinnedTraffic } from "./outbound";
import { ZProbe } from "./probe";

// What each field of the intent accepts, read from the schemas themselves so a form can show the allowed values
// beside the field before the admin guesses: number ranges and defaults, enum options, list sizes, and for
// grammar-checked text the grammar's own sentence. Nothing here is restated by hand; change a schema and the
// forms follow.

export type NumberLimit = { kind: "number"; min: number | null; max: number | null; default: number | null };
export type ChoiceLimit = { kind: "choice"; options: string[]; default: string | null };
export type ListLimit = { kind: "list"; min: number; max: number | null };
export type TextLimit = { kind: "text"; rule: string };
export type FieldLimit = NumberLimit | ChoiceLimit | ListLimit | TextLimit;

type Inner = { _zod: { def: { type: string; innerType?: Inner; defaultValue?: unknown; checks?: { _zod: { def: Record<string, unknown> } }[] } } };

/** Optional and default wrappers off: the schema that checks the value, and the default it had. */
function unwrap(schema: z.ZodType): { core: Inner; fallback: unknown } {
  let core = schema as unknown as Inner;
  let fallback: unknown = null;
  while (core._zod.def.type === "default" || core._zod.def.type === "optional") {
    if (core._zod.def.type === "default") fallback = core._zod.def.defaultValue;
    core = core._zod.def.innerType!;
  }
  return { core, fallback };
}

const SAFE = 2 ** 40;

function numberLimit(schema: z.ZodType): NumberLimit {
  const { core, fallback } = unwrap(schema);
  const { minValue, maxValue } = core as unknown as { minValue: number | null; maxValue: number | null };
  const bounded = (v: number | null) => (v === null || Math.abs(v) > SAFE ? null : v);
  return { kind: "number", min: bounded(minValue), max: bounded(maxValue), default: typeof fallback === "number" ? fallback : null };
}

function choiceLimit(schema: z.ZodType): ChoiceLimit {
  const { core, fallback } = unwrap(schema);
  const options = (core as unknown as { options: string[] }).options;
  return { kind: "choice", options: [...options], default: typeof fallback === "string" ? fallback : null };
}

function listLimit(schema: z.ZodType): ListLimit {
  const { core } = unwrap(schema);
  const checks = (core._zod.def.checks ?? []).map((c) => c._zod.def);
  const min = checks.find((c) => c.check === "min_length")?.minimum;
  const max = checks.find((c) => c.check === "max_length")?.maximum;
  return { kind: "list", min: typeof min === "number" ? min : 0, max: typeof max === "number" ? max : null };
}

/** The sentence a grammar answers an empty value with is the grammar in words. */
function textLimit(schema: z.ZodType, sample = ""): TextLimit {
  const result = schema.safeParse(sample);
  return { kind: "text", rule: result.success ? "" : (result.error.issues[0]?.message ?? "") };
}

const inner = (schema: z.ZodType) => unwrap(schema).core as unknown as z.ZodType;
const shape = <T extends z.ZodType>(schema: T) => (schema as unknown as { shape: Record<string, z.ZodType> }).shape;

export const INTENT_LIMITS = {
  links: listLimit(shape(ZIntent).links!),
  link: {
    name: textLimit(ZLinkName),
    interface: textLimit(ZInterfaceName),
    gateway: textLimit(ZIPv4),
    weight: numberLimit(shape(ZLink).weight!),
    tier: numberLimit(shape(ZLink).tier!),
    onFailover: choiceLimit(shape(ZLink).onFailover!),
    onFailback: choiceLimit(shape(ZLink).onFailback!),
  },
  probe: {
    type: choiceLimit(shape(ZProbe).type!),
    port: numberLimit(shape(ZProbe).port!),
    targets: listLimit(shape(ZProbe).targets!),
    target: textLimit(ZIPv4),
    intervalMs: numberLimit(shape(ZProbe).intervalMs!),
    timeoutMs: numberLimit(shape(ZProbe).timeoutMs!),
    minAnswering: numberLimit(shape(ZProbe).minAnswering!),
    downCount: numberLimit(shape(ZProbe).downCount!),
    upCount: numberLimit(shape(ZProbe).upCount!),
  },
  outbound: {
    lanInterfaces: listLimit(shape(ZOutboundPolicy).lanInterfaces!),
    lanSources: listLimit(shape(ZOutboundPolicy).lanSources!),
    lanSource: textLimit(ZIPv4Cidr, "x"),
    method: choiceLimit(shape(ZOutboundPolicy).method!),
    lastResort: choiceLimit(shape(ZOutboundPolicy).lastResort!),
    pinned: listLimit(shape(ZOutboundPolicy).pinned!),
  },
  pinned: {
    comment: textLimit(shape(ZPinnedTraffic).comment!, "\u0000"),
  },
  pools: listLimit(shape(inner(shape(ZIntent).inbound!)).pools!),
  pool: {
    name: textLimit(ZServerName),
    sticky: choiceLimit(shape(ZServerPool).sticky!),
    backends: listLimit(shape(ZServerPool).backends!),
    protocol: choiceLimit(shape(ZPoolListen).protocol!),
    port: numberLimit(shape(ZPoolListen).port!),
    probeType: choiceLimit(shape(ZPoolProbe).type!),
    probeIntervalMs: numberLimit(shape(ZPoolProbe).intervalMs!),
    probeTimeoutMs: numberLimit(shape(ZPoolProbe).timeoutMs!),
    // Absent counts, path and status take the pools' defaults (pool-probe.ts), shown as the field's default.
    probeDownCount: { ...numberLimit(shape(ZPoolProbe).downCount!), default: POOL_PROBE_DEFAULTS.downCount },
    probeUpCount: { ...numberLimit(shape(ZPoolProbe).upCount!), default: POOL_PROBE_DEFAULTS.upCount },
    probeExpectStatus: { ...numberLimit(shape(ZPoolProbe).expectStatus!), default: POOL_PROBE_DEFAULTS.expectStatus },
    probePath: textLimit(shape(ZPoolProbe).path!, "healthz"),
  },
  backend: {
    weight: numberLimit(shape(ZBackend).weight!),
    state: choiceLimit(shape(ZBackend).state!),
    port: numberLimit(shape(ZBackend).port!),
  },
  alerts: {
    to: listLimit(shape(inner(shape(ZAlerts).email!)).to!),
    address: textLimit(ZEmailAddress),
  },
} as const;

/** "1–100 (default 1)", "at least 1": the range of a number field in words. */
export function describeRange(limit: NumberLimit, unit = ""): string {
  const u = unit ? ` ${unit}` : "";
  const range =
    limit.min !== null && limit.max !== null
      ? `${limit.min}–${limit.max}${u}`
      : limit.min !== null
        ? `at least ${limit.min}${u}`
        : limit.max !== null
          ? `at most ${limit.max}${u}`
          : "";
  return limit.default === null ? range : `${range} (default ${limit.default}${u})`;
}
