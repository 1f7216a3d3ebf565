"use client";
import { dismissNotice, useNoticeStore } from "@/stores/notice-store";

export function Notices() {
  const notices = useNoticeStore((s) => s.notices);
  return (
    <div className="fixed right-4 bottom-4 z-50 flex w-96 flex-col gap-2" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          role={n.tone === "error" ? "alert" : "status"}
          className={`rounded-md px-4 py-3 text-sm shadow-lg ${n.tone === "error" ? "bg-rose-700 text-white" : "bg-emerald-700 text-white"}`}
        >
          <button type="button" className="float-right ml-2 opacity-70 hover:opacity-100" onClick={() => dismissNotice(n.id)} aria-label="Dismiss">
            ×
          </button>
          {n.text}
        </div>
      ))}
    </div>
  );
}
