"use client";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/api";
import { usePolling } from "@/hooks/use-polling";
import type { SitePushView } from "@/lib/domain/site";

const POLL_MS = 500;

/** Follows one site push (or removal) until it ends; `onFinished` runs once with its final record. */
export function useFollowSitePush(siteId: string, onFinished: (push: SitePushView) => void) {
  const [followed, setFollowed] = useState<SitePushView | null>(null);
  const running = followed !== null && followed.status === "running";
  const id = running ? followed.id : null;
  const { data } = usePolling<SitePushView>(id ? () => api<SitePushView>("GET", `/sites/${siteId}/pushes/${id}`) : null, POLL_MS);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  useEffect(() => {
    if (!data || data.id !== id) return;
    setFollowed(data);
    if (data.status !== "running") finished.current(data);
  }, [data, id]);

  /** Starts following the push the API just started. */
  async function follow(pushId: string) {
    const first = await api<SitePushView>("GET", `/sites/${siteId}/pushes/${pushId}`);
    setFollowed(first);
    if (first.status !== "running") finished.current(first);
  }

  return { push: followed, running, follow };
}
