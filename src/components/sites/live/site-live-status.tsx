"use client";
import { useNow } from "@/components/live/live-status";
import { siteLiveWords, type Tone } from "./live-words";
import type { SiteLiveView } from "./use-site-live";

const DOT: Record<Tone, string> = { ok: "bg-emerald-600", wait: "bg-amber-500", bad: "bg-rose-600" };
const WORD: Record<Tone, string> = { ok: "text-emerald-800", wait: "text-amber-800", bad: "text-rose-800" };

/** One line for the live view, in words beside a dot; screen readers hear only changes of situation. */
export function SiteLiveStatus({ view }: { view: SiteLiveView }) {
  const words = siteLiveWords(view, useNow());
  return (
    <p className="flex items-center gap-2 text-sm" data-testid="site-live-status" data-tone={words.tone}>
      <span aria-hidden="true" className={`inline-block h-2 w-2 shrink-0 rounded-full ${DOT[words.tone]}`} />
      <span aria-hidden="true" className={WORD[words.tone]}>
        {words.text}
      </span>
      <span className="sr-only" aria-live="polite">
        Live view: {words.announce}
      </span>
    </p>
  );
}
