import { diffLines } from "diff";

// The device-level diff: the exact text two pushes sent (the .rsc, or the gateway's script), line by line. Each
// line says "added" or "removed" in words for screen readers and with +/− for everyone, not only in colour;
// long unchanged runs fold to a count so the change is what one sees.

type Line = { kind: "added" | "removed" | "same"; text: string };
type Row = Line | { kind: "fold"; count: number };

const CONTEXT = 2;

function lines(before: string, after: string): Line[] {
  return diffLines(before, after).flatMap((part) => {
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    return part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((text): Line => ({ kind, text }));
  });
}

/** Keeps CONTEXT unchanged lines around each change; the rest of an unchanged run becomes one "fold" row. */
function folded(all: Line[]): Row[] {
  const near = all.map((_, i) => all.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== "same"));
  const rows: Row[] = [];
  all.forEach((line, i) => {
    if (near[i]) rows.push(line);
    else {
      const last = rows.at(-1);
      if (last?.kind === "fold") last.count++;
      else rows.push({ kind: "fold", count: 1 });
    }
  });
  return rows;
}

const LOOK = { added: "bg-emerald-50 text-emerald-900", removed: "bg-rose-50 text-rose-900", same: "text-slate-700" } as const;
const MARK = { added: "+", removed: "−", same: " " } as const;

export function PlanDiff({ before, after }: { before: string; after: string }) {
  const all = lines(before, after);
  const added = all.filter((l) => l.kind === "added").length;
  const removed = all.filter((l) => l.kind === "removed").length;
  if (added === 0 && removed === 0) return <p className="text-sm text-slate-600">The device was sent the same plan: no line differs.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm" data-testid="plan-diff-summary">
        {added} {added === 1 ? "line" : "lines"} added, {removed} removed.
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); the section's name makes it a region */}
      <section aria-label="Device-level diff" tabIndex={0} className="relative max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-white">
        <ol className="min-w-max font-mono text-xs" data-testid="plan-diff">
          {folded(all).map((row, i) =>
            row.kind === "fold" ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are rendered once, in order
              <li key={i} className="bg-slate-100 px-3 py-0.5 text-slate-600 italic">
                … {row.count} unchanged {row.count === 1 ? "line" : "lines"}
              </li>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are rendered once, in order
              <li key={i} className={`px-3 whitespace-pre ${LOOK[row.kind]}`} data-kind={row.kind}>
                <span aria-hidden="true">{MARK[row.kind]} </span>
                {row.kind !== "same" && <span className="sr-only">{row.kind}: </span>}
                {row.text}
              </li>
            ),
          )}
        </ol>
      </section>
    </div>
  );
}
