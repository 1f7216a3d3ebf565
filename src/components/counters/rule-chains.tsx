import type { RuleReading } from "@/lib/domain/device/reading";
import type { RuleRates } from "@/lib/domain/monitor/live";
import { type ExtraColumn, RuleCounterTable } from "./rule-counter-table";

export type Chain = { table: string; chain: string; rules: RuleReading[] };

/** Rules by table and chain, in the order the device lists them (RouterOS: by print number; nft: by chain). */
export function groupByChain(rules: readonly RuleReading[]): Chain[] {
  const chains = new Map<string, Chain>();
  for (const rule of rules) {
    const key = `${rule.table}\u0000${rule.chain}`;
    const found = chains.get(key) ?? { table: rule.table, chain: rule.chain, rules: [] };
    found.rules.push(rule);
    chains.set(key, found);
  }
  return [...chains.values()];
}

/** A rule matches a filter when any of its words do: number, what, match, action, table, chain, "waymark". */
export function matchesFilter(rule: RuleReading, filter: string): boolean {
  const words = filter.trim().toLowerCase();
  if (!words) return true;
  const text = [
    rule.number,
    rule.what,
    rule.match,
    rule.action,
    rule.table,
    rule.chain,
    rule.ownedByWaymark ? "waymark" : "own",
    rule.disabled ? "disabled" : "",
  ]
    .join(" ")
    .toLowerCase();
  return words.split(/\s+/).every((w) => text.includes(w));
}

// One heading and one table per chain: "mangle · prerouting", "inet waymark · postrouting".
export function RuleChains({
  rules,
  rates,
  headingLevel = "h3",
  extraColumns,
}: {
  rules: readonly RuleReading[];
  rates: Readonly<Record<string, RuleRates>>;
  headingLevel?: "h2" | "h3" | "h4";
  extraColumns?: ExtraColumn[];
}) {
  const Heading = headingLevel;
  return (
    <div className="space-y-5" data-testid="device-rules">
      {groupByChain(rules).map((c) => {
        const label = `${c.table} · ${c.chain}`;
        return (
          <section key={label} className="space-y-1" data-chain={label}>
            <Heading className="text-sm font-semibold">
              {c.table} <span className="text-slate-500">·</span> {c.chain}{" "}
              <span className="font-normal text-slate-500">
                ({c.rules.length} {c.rules.length === 1 ? "rule" : "rules"})
              </span>
            </Heading>
            <RuleCounterTable label={`Rules of ${label}`} rules={c.rules} rates={rates} extraColumns={extraColumns} />
          </section>
        );
      })}
    </div>
  );
}
