"use client";
import { useEffect, useState } from "react";
import { type LiveTone, liveWords } from "./live-words";
import type { LiveView } from "./use-device-live";

const DOT: Record<LiveTone, string> = { ok: "bg-emerald-600", wait: "bg-amber-500", bad: "bg-rose-600" };
const WORD: Record<LiveTone, string> = { ok: "text-emerald-800", wait: "text-amber-800", bad: "text-rose-800" };

/** Re-renders every second, for "last read 12 s ago" and "next try in 8 s". */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

// One line that says how the live view is doing, in words beside a dot (never colour alone). The visible text ticks;
// screen readers hear only when the situation changes.
export function LiveStatus({ view }: { view: LiveView }) {
  const now = useNow();
  const words = liveWords(view, now);
  return (
    <p className="flex items-center gap-2 text-sm" data-testid="live-status" data-tone={words.tone}>
      <span aria-hidden="true" className={`inline-block h-2 w-2 shrink-0 rounded-full ${DOT[words.tone]}`} />
      <span aria-hidden="true" className={words.tone === "ok" ? WORD.ok : WORD[words.tone]}>
        {words.text}
      </span>
      <span className="sr-only" aria-live="polite">
        Live view: {words.announce}
      </span>
    </p>
  );
}
