"use client";
import { useId } from "react";
import type { ListLimit } from "@/lib/domain/intent/limits";
import { useIssuesAt } from "@/stores/policy-draft-checks";
import { appendAt, removeAt, setAt, useDraftValue, type DraftPath } from "@/stores/policy-draft-store";
import { describedBy, InterfacePicker, Issues, useCanEdit } from "./fields";

// A list of short values (probe targets, LAN interfaces, LAN sources, alert addresses): one input per entry, each
// with its own complaint, and the list's own (too few, repeats) beneath.

/** "Target 1" → "target 1" in a sentence; "LAN interface 1" keeps its capitals. */
const inSentence = (words: string) => words.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());

export function listRange(limit: ListLimit, noun: string): string {
  if (limit.max === null) return `at least ${limit.min} ${noun}`;
  return limit.min === limit.max ? `${limit.min} ${noun}` : `${limit.min}–${limit.max} ${noun}`;
}

export function TextListField({
  path,
  label,
  itemLabel,
  limit,
  noun,
  rule,
  interfaces = false,
}: {
  path: DraftPath;
  label: string;
  itemLabel: string;
  limit: ListLimit;
  noun: string;
  rule: string;
  /** Entries are interface names: picked from the device's interfaces once read. */
  interfaces?: boolean;
}) {
  const id = useId();
  const value = useDraftValue<unknown>(path);
  const items = Array.isArray(value) ? value : [];
  const issues = useIssuesAt(path);
  const canEdit = useCanEdit();
  const hint = `${listRange(limit, noun)}; each ${rule}`;
  return (
    <fieldset className="min-w-0 space-y-1" aria-describedby={describedBy(id, hint, issues)}>
      <legend className="label">{label}</legend>
      <ul className="space-y-1">
        {items.map((item, index) => (
          <Entry
            // biome-ignore lint/suspicious/noArrayIndexKey: entries are plain strings that may repeat; their place is their identity
            key={index}
            path={[...path, index]}
            label={`${itemLabel} ${index + 1}`}
            value={item}
            interfaces={interfaces}
            onRemove={() => removeAt(path, index)}
          />
        ))}
      </ul>
      {canEdit && (limit.max === null || items.length < limit.max) && (
        <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => appendAt(path, "")}>
          Add {inSentence(itemLabel)}
        </button>
      )}
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
      <Issues id={`${id}-issues`} issues={issues} />
    </fieldset>
  );
}

function Entry({ path, label, value, interfaces, onRemove }: { path: DraftPath; label: string; value: unknown; interfaces: boolean; onRemove: () => void }) {
  const id = useId();
  const issues = useIssuesAt(path);
  const canEdit = useCanEdit();
  const text = typeof value === "string" ? value : String(value ?? "");
  const described = issues.length > 0 ? `${id}-issues` : undefined;
  return (
    <li className="space-y-0.5">
      <div className="flex items-center gap-2">
        {interfaces ? (
          <InterfacePicker id={id} label={label} value={text} onChange={(v) => setAt(path, v)} describedBy={described} invalid={issues.length > 0} />
        ) : (
          <input
            id={id}
            className="input"
            aria-label={label}
            value={text}
            disabled={!canEdit}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={issues.length > 0 || undefined}
            aria-describedby={described}
            onChange={(e) => setAt(path, e.target.value)}
          />
        )}
        {canEdit && (
          <button type="button" className="btn-secondary shrink-0 px-2 py-1 text-xs" onClick={onRemove} aria-label={`Remove ${inSentence(label)}`}>
            Remove
          </button>
        )}
      </div>
      <Issues id={`${id}-issues`} issues={issues} />
    </li>
  );
}
