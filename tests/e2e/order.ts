// Proof that no spec relies on another's leftovers: WAYMARK_E2E_ORDER=reverse or shuffle:<seed> runs the dashboard
// specs one after another in that order (one project per spec, each depending on the one before), instead of side by
// side in one "dashboard" project. The seed is explicit because every worker loads the config and must agree.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

type SpecProject = { name: string; testMatch: RegExp; dependencies: string[] };

const ORDER = /^(default|reverse|shuffle:(\d{1,9}))$/;

export function dashboardProjects(order: string | undefined, ignored: RegExp[]): SpecProject[] {
  const match = ORDER.exec(order || "default");
  if (!match) throw new Error(`WAYMARK_E2E_ORDER=${order}: expected default, reverse or shuffle:<seed>`);
  if (match[1] === "default") return [{ name: "dashboard", testMatch: /\.spec\.ts$/, dependencies: ["first-run"] }];
  const specs = readdirSync(fileURLToPath(new URL(".", import.meta.url)))
    .filter((name) => name.endsWith(".spec.ts") && !ignored.some((pattern) => pattern.test(name)))
    .sort();
  const ordered = match[1] === "reverse" ? specs.reverse() : shuffle(specs, Number(match[2]));
  // The position leads the name, so the list reporter shows the order the specs ran in.
  const names = ordered.map((spec, index) => `dashboard-${String(index + 1).padStart(2, "0")}-${spec.replace(/\.spec\.ts$/, "")}`);
  return ordered.map((spec, index) => ({
    name: names[index]!,
    testMatch: new RegExp(`/${spec.replace(/\./g, "\\.")}$`),
    dependencies: [index === 0 ? "first-run" : names[index - 1]!],
  }));
}

/** Fisher–Yates with a small seeded generator (mulberry32), so a failing order can be run again by its seed. */
function shuffle(items: string[], seed: number): string[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
