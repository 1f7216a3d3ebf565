import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

// The layering of ARCHITECTURE.md as data: for each layer, the layers it must never import.
// A layer is the first matching path prefix under src/.
export const LAYERS = [
  { name: "domain", prefix: "lib/domain/", allowPackages: ["zod"], forbidden: ["*"] },
  { name: "devices", prefix: "lib/devices/", forbidden: ["db", "services", "http", "app", "components", "monitor", "stores", "simulator"] },
  { name: "db", prefix: "lib/db/", forbidden: ["services", "devices", "http", "app", "components", "simulator", "monitor", "live", "alerts"] },
  { name: "services", prefix: "lib/services/", forbidden: ["http", "app", "components", "stores", "monitor"] },
  // The monitor is a runtime beside the HTTP edge: it calls services (as a route handler would), publishes to the
  // live bus, and sends alerts through lib/alerts. Services read the live bus, never the monitor.
  { name: "monitor", prefix: "lib/monitor/", forbidden: ["http", "app", "components", "stores", "simulator"] },
  { name: "live", prefix: "lib/live/", forbidden: ["services", "monitor", "devices", "http", "app", "components", "stores", "simulator"] },
  { name: "alerts", prefix: "lib/alerts/", forbidden: ["db", "services", "monitor", "devices", "http", "app", "components", "stores", "simulator"] },
  { name: "http", prefix: "lib/http/", forbidden: ["db", "devices", "app", "components", "simulator"] },
  { name: "simulator", prefix: "simulator/", forbidden: ["db", "services", "http", "app", "components"] },
  {
    name: "components",
    prefix: "components/",
    forbidden: ["db", "devices", "services", "http", "simulator", "monitor", "live", "alerts"],
    typeOnly: ["domain"],
  },
  { name: "stores", prefix: "stores/", forbidden: ["db", "devices", "services", "http", "simulator"] },
  { name: "app", prefix: "app/", forbidden: ["db", "devices", "simulator", "monitor", "live"] },
] as const;

const TARGETS: Record<string, string> = {
  "lib/domain/": "domain",
  "lib/devices/": "devices",
  "lib/db/": "db",
  "lib/services/": "services",
  "lib/http/": "http",
  "lib/monitor/": "monitor",
  "lib/live/": "live",
  "lib/alerts/": "alerts",
  "simulator/": "simulator",
  "components/": "components",
  "stores/": "stores",
  "app/": "app",
};

export type ImportRef = { file: string; specifier: string; typeOnly: boolean };

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(file: string, source = readFileSync(file, "utf8")): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const m of source.matchAll(STATIC)) refs.push({ file, specifier: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(DYNAMIC)) refs.push({ file, specifier: m[1]!, typeOnly: false });
  return refs;
}

/** "@/lib/db/client" or "../db/client" from src/lib/services/x.ts → "db"; packages → null. */
export function layerOfSpecifier(fromFile: string, specifier: string, srcRoot: string): string | null {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith(".")) target = path.relative(srcRoot, path.resolve(path.dirname(fromFile), specifier));
  else return null;
  const hit = Object.keys(TARGETS).find((prefix) => `${target}/`.startsWith(prefix));
  return hit ? TARGETS[hit]! : "other";
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

// Test tooling: production code that imports it ships a test runner (or fails to load without one).
const TEST_PACKAGES = /^(vitest|@vitest\/|@playwright\/|playwright(\/|$))/;

/**
 * Why an import of production code under src/ reaches outside the product, or null: into lab/, tests/, bench/ or
 * scripts/ (any relative path out of src/, or the @tests/ alias), or a test package.
 */
export function leavesProduct(fromFile: string, specifier: string, srcRoot: string): string | null {
  if (TEST_PACKAGES.test(specifier)) return "production code must not import test tooling";
  if (specifier.startsWith("@tests/")) return "production code must not import tests/";
  if (!specifier.startsWith(".")) return null;
  const target = path.relative(srcRoot, path.resolve(path.dirname(fromFile), specifier));
  if (!target.startsWith("..")) return null;
  const folder = path.relative(path.dirname(srcRoot), path.resolve(path.dirname(fromFile), specifier)).split(path.sep)[0];
  return `production code must not import from ${folder}/ (outside src/)`;
}

export function violations(srcRoot: string): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(srcRoot)) {
    const relative = path.relative(srcRoot, file);
    const refs = importsOf(file);
    for (const ref of refs) {
      const problem = leavesProduct(file, ref.specifier, srcRoot);
      if (problem) found.push(`${relative}: imports ${ref.specifier} (${problem})`);
    }
    const layer = LAYERS.find((l) => relative.startsWith(l.prefix));
    if (!layer) continue;
    for (const ref of refs) {
      const target = layerOfSpecifier(file, ref.specifier, srcRoot);
      const problem = judge(layer, target, ref);
      if (problem) found.push(`${relative}: ${layer.name} imports ${ref.specifier} (${problem})`);
    }
  }
  return found;
}

type Layer = (typeof LAYERS)[number];

function judge(layer: Layer, target: string | null, ref: ImportRef): string | null {
  if (target === null) {
    if (layer.name !== "domain") return null;
    return (layer.allowPackages as readonly string[]).includes(ref.specifier) ? null : "domain imports nothing but zod";
  }
  if (target === layer.name) return null;
  if (layer.name === "domain") return "domain imports nothing but zod and its own files";
  if ((layer.forbidden as readonly string[]).includes(target)) return `${layer.name} must not import ${target}`;
  if ("typeOnly" in layer && (layer.typeOnly as readonly string[]).includes(target) && !ref.typeOnly) {
    return `${layer.name} may only import types from ${target}`;
  }
  return null;
}
