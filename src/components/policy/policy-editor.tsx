"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notify } from "@/stores/notice-store";
import { api, ApiCallError } from "../api";

// The intent as JSON, validated by the server against the same grammar a push uses. The wizard and visual
// policy builder replace this later; the API (PUT /devices/{id}/policy) stays the same.
export function PolicyEditor({ deviceId, initial, canEdit }: { deviceId: string; initial: string; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function save() {
    setProblems([]);
    let intent: unknown;
    try {
      intent = JSON.parse(text);
    } catch (e) {
      setProblems([`not valid JSON: ${(e as Error).message}`]);
      return;
    }
    setBusy(true);
    try {
      await api("PUT", `/devices/${deviceId}/policy`, intent);
      notify("ok", "Policy saved; nothing was pushed yet");
      router.refresh();
    } catch (e) {
      if (e instanceof ApiCallError) setProblems((e.failure.details ?? []).map((d) => `${d.path}: ${d.message}`).concat(e.failure.details ? [] : [e.failure.message]));
      else setProblems([String(e)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <textarea
        aria-label="Intent (JSON)"
        className="input min-h-80 font-mono text-xs"
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={!canEdit}
        spellCheck={false}
      />
      {problems.length > 0 && (
        <ul role="alert" className="list-disc space-y-1 pl-5 text-sm text-rose-700">
          {problems.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
      {canEdit && <button className="btn-primary" onClick={save} disabled={busy}>Save policy</button>}
    </div>
  );
}
