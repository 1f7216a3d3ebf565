"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { notify } from "@/stores/notice-store";
import { useDraftCheck } from "@/stores/policy-draft-checks";
import { markSaved, replaceDraft, usePolicyDraftStore } from "@/stores/policy-draft-store";
import { api, ApiCallError } from "../api";

type SavedPolicy = { intent: unknown; revision: number };

const asText = (intent: unknown) => JSON.stringify(intent, null, 2);

// The "Advanced" view: the staged draft as JSON, the same object the visual builder edits. Valid JSON replaces the
// draft as it is typed (the builder then shows it); "Save policy" stores it at once, validated by the server against
// the same grammar a push uses, for an admin who knows exactly what they want.
export function PolicyEditor({ deviceId, canEdit }: { deviceId: string; canEdit: boolean }) {
  const router = useRouter();
  const draft = usePolicyDraftStore((s) => s.draft);
  const base = usePolicyDraftStore((s) => s.saved?.revision ?? null);
  const check = useDraftCheck();
  const [text, setText] = useState(() => asText(draft));
  const [shown, setShown] = useState(draft);
  const [syntax, setSyntax] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  // The draft changed elsewhere (builder, discard, a save): the text follows it.
  if (draft !== shown) {
    setShown(draft);
    setText(asText(draft));
    setSyntax(null);
  }

  function edit(value: string) {
    setText(value);
    try {
      const parsed: unknown = JSON.parse(value);
      setSyntax(null);
      setShown(parsed);
      replaceDraft(parsed);
    } catch (e) {
      setSyntax(`not valid JSON: ${(e as Error).message}`);
    }
  }

  async function save() {
    setProblems([]);
    if (syntax) {
      setProblems([syntax]);
      return;
    }
    setBusy(true);
    try {
      // The revision this text started from: the server refuses the save (409) when someone saved since.
      const body = base !== null && draft !== null && typeof draft === "object" && !Array.isArray(draft) ? { ...draft, baseRevision: base } : draft;
      const policy = await api<SavedPolicy>("PUT", `/devices/${deviceId}/policy`, body);
      // Show what was stored, defaults filled in, so the text and the saved policy agree.
      markSaved({ intent: policy.intent, revision: policy.revision });
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

  const inline = [...check.issues].flatMap(([path, messages]) => messages.map((m) => `${path || "intent"}: ${m}`));
  return (
    <div className="space-y-3">
      <textarea
        aria-label="Intent (JSON)"
        aria-describedby="policy-json-check"
        className="input min-h-80 font-mono text-xs"
        value={text}
        onChange={(e) => edit(e.target.value)}
        readOnly={!canEdit}
        spellCheck={false}
      />
      <div id="policy-json-check" aria-live="polite" className="text-sm">
        {syntax ? (
          <p className="text-rose-700">{syntax}</p>
        ) : inline.length > 0 ? (
          <ul className="list-disc space-y-1 pl-5 text-amber-900" data-testid="json-inline-issues">
            {inline.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : (
          <p className="text-emerald-700">The draft is a valid intent.</p>
        )}
      </div>
      {problems.length > 0 && (
        <ul role="alert" className="list-disc space-y-1 pl-5 text-sm text-rose-700">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {canEdit && (
        <button type="button" className="btn-secondary" onClick={save} disabled={busy}>
          Save policy
        </button>
      )}
    </div>
  );
}
