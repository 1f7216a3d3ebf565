"use client";
import { useEffect, useRef, useState } from "react";

// Polls while mounted and the tab is visible; a hidden tab costs the gateway nothing.
export function usePolling<T>(load: (() => Promise<T>) | null, intervalMs: number): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const enabled = load !== null;

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (!document.hidden && loadRef.current) {
        try {
          const value = await loadRef.current();
          if (!stopped) {
            setData(value);
            setError(null);
          }
        } catch (e) {
          if (!stopped) setError(e instanceof Error ? e.message : String(e));
        }
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [enabled, intervalMs]);

  return { data, error };
}
