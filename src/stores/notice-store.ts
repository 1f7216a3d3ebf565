"use client";
import { create } from "zustand";

// Transient notices ("Device added", "Connection failed: …"). UI state only; server data never lives here.
export type Notice = { id: number; tone: "ok" | "error"; text: string };

type NoticeState = { notices: Notice[] };

export const useNoticeStore = create<NoticeState>(() => ({ notices: [] }));

let nextId = 1;

export function notify(tone: Notice["tone"], text: string): void {
  const notice = { id: nextId++, tone, text };
  useNoticeStore.setState((s) => ({ notices: [...s.notices.slice(-3), notice] }));
  setTimeout(() => dismissNotice(notice.id), tone === "error" ? 8000 : 4000);
}

export function dismissNotice(id: number): void {
  useNoticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}
