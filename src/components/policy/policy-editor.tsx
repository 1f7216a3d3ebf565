"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { notify } from "@/stores/notice-store";
import { setPolicyUnsaved } from "@/stores/policy-draft-store";
import { api, ApiCallError } from "../api";

type SavedPolicy = { intent: unknown; revision: number };

const asText = (intent: unknown) => JSON.stringify(intent, null, 2);

// The intent as JSON, validated by the server against the same grammar a push uses. The wizard and visual
// policy builder replace this later; the API (PUT /devices/{id}/policy) stays the same. Edits that are not saved
// are announced to the push panel (a push sends the saved policy) and guard the page against leaving.
export function PolicyEditor({ deviceId, initial, canEdit }: { deviceId: string; initial: string; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const unsaved = text !== saved;

  // A newer saved policy (this tab's save, or another admin's, seen on refresh) becomes the baseline; the
  // editor's text follows it unless the admin is in the middle of an edit.
  const [baseline, setBaseline] = useState(initial);
  if (initial !== baseline) {
    setBaseline(initial);
    setSaved(initial);
    if (text === saved) setText(initial);
  }

  useEffect(() => {
    setPolicyUnsaved(deviceId, unsaved);
    if (!unsaved) return;
    const guard = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", guard);
    return () => window.removeEventListener("beforeunload", guard);
  }, [deviceId, unsaved]);

  useEffect(() => () => setPolicyUnsaved(deviceId, false), [deviceId]);

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
      const policy = await api<SavedPolicy>("PUT", `/devices/${deviceId}/policy`, intent);
      // Show what was stored, defaults filled in, so the text and the saved policy agree.
      setText(asText(policy.intent));
      setSaved(asText(policy.intent));
      notify("ok", `Policy saved; nothing was pushed yet (revision ${policy.revision})`);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiCallError)
        setProblems((e.failure.details ?? []).map((d) => `${d.path}: ${d.message}`).concat(e.failure.details ? [] : [e.failure.message]));
      else setProblems([String(e)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <textarea
        aria-label="Intent (JSON)"
        aria-describedby={unsaved ? `unsaved-${deviceId}` : undefined}
        className="input min-h-80 font-mono text-xs"
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={!canEdit}
        spellCheck={false}
      />
      {problems.length > 0 && (
        <ul role="alert" className="list-disc space-y-1 pl-5 text-sm text-rose-700">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className="btn-primary" onClick={save} disabled={busy}>
            Save policy
          </button>
          {unsaved && (
            <span id={`unsaved-${deviceId}`} className="text-sm text-amber-800" data-testid="policy-unsaved">
              Unsaved edits
            </span>
          )}
          {unsaved && (
            <button type="button" className="btn-secondary" onClick={() => setText(saved)}>
              Discard edits
            </button>
          )}
        </div>
      )}
    </div>
  );
}
