"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { discardDraft } from "@/stores/policy-draft-store";
import { Dialog } from "../../dialog";

// Staged edits live only in this tab until they are saved. Closing or reloading the tab asks through the browser
// (beforeunload); following a link inside the dashboard asks in an in-app dialog first.
export function LeaveGuard({ active }: { active: boolean }) {
  const router = useRouter();
  const [leavingTo, setLeavingTo] = useState<string | null>(null);

  useEffect(() => {
    if (!active) return;
    const unload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      event.preventDefault();
      event.stopPropagation();
      setLeavingTo(url.pathname + url.search + url.hash);
    };
    window.addEventListener("beforeunload", unload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", unload);
      document.removeEventListener("click", click, true);
    };
  }, [active]);

  return (
    <Dialog open={leavingTo !== null} onClose={() => setLeavingTo(null)} title="Leave with unsaved edits?">
      <p className="text-sm">Your staged edits to this policy are not saved. Leaving this page discards them.</p>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={() => setLeavingTo(null)}>
          Stay on this page
        </button>
        <button
          type="button"
          className="btn-danger"
          onClick={() => {
            const to = leavingTo;
            setLeavingTo(null);
            discardDraft();
            if (to) router.push(to);
          }}
        >
          Leave and discard edits
        </button>
      </div>
    </Dialog>
  );
}
