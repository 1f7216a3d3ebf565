"use client";
import type { TrendBand } from "@/lib/domain/monitor/history/trends";
import { formatDateTime } from "@/components/format-time";
import { formatDuration } from "@/components/policy/format";
import { stateLook } from "./words";

// A link's up/down timeline over the span: one segment per state, as wide as it lasted, each with its sign, word and
// colour (the word shows where the segment is wide enough; the list under it says every segment in full).

export function StateBand({ link, bands, fromMs, toMs }: { link: string; bands: TrendBand[]; fromMs: number; toMs: number }) {
  const span = Math.max(1, toMs - fromMs);
  return (
    <div className="space-y-1" data-testid="state-band">
      <p className="text-sm font-medium text-slate-800">Up/down</p>
      <ol className="relative flex h-7 w-full overflow-hidden rounded border border-slate-200" aria-label={`${link} state over the span`}>
        {bands.map((b) => {
          const look = stateLook(b.state);
          const share = ((b.toMs - b.fromMs) / span) * 100;
          const words = `${look.word} from ${formatDateTime(b.fromMs)} to ${formatDateTime(b.toMs)} (${formatDuration(b.toMs - b.fromMs)})`;
          return (
            <li
              key={b.fromMs}
              className={`flex min-w-[3px] items-center justify-center overflow-hidden border-r border-white px-1 text-xs whitespace-nowrap last:border-r-0 ${look.className}`}
              style={{ width: `${share}%` }}
              title={words}
              data-state={b.state}
            >
              <span aria-hidden="true">{share > 8 ? `${look.sign} ${look.word}` : look.sign}</span>
              <span className="sr-only">{words}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
