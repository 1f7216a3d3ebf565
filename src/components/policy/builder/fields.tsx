"use client";
import { createContext, useContext, useId, type ReactNode } from "react";
import { describeRange, useIssuesAt, type ChoiceLimit, type NumberLimit } from "@/stores/policy-draft-checks";
import { setAt, useDraftValue, usePolicyDraftStore, type DraftPath } from "@/stores/policy-draft-store";

// The builder's form fields: each edits one path of the staged draft, shows the allowed values from the schema
// beside it, and the schema's complaint about that path as the admin types (aria-invalid, described by both).

/** Viewers see the builder with every control disabled. */
export const CanEdit = createContext(false);
export const useCanEdit = () => useContext(CanEdit);

type Common = { path: DraftPath; label: string; hint?: string; className?: string };

export function FieldShell({
  id,
  label,
  hint,
  issues,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  issues: string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`min-w-0 space-y-1 ${className ?? ""}`}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      <Issues id={`${id}-issues`} issues={issues} />
    </div>
  );
}

export function Issues({ id, issues }: { id: string; issues: string[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="space-y-0.5 text-xs text-rose-700" data-testid="field-issue">
      {issues.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

export function describedBy(id: string, hint: string | undefined, issues: string[]): string | undefined {
  return [hint ? `${id}-hint` : "", issues.length > 0 ? `${id}-issues` : ""].filter(Boolean).join(" ") || undefined;
}

export function TextField({
  path,
  label,
  hint,
  className,
  optional = false,
  placeholder,
  list,
}: Common & { optional?: boolean; placeholder?: string; list?: string }) {
  const id = useId();
  const value = useDraftValue<unknown>(path);
  const issues = useIssuesAt(path);
  const canEdit = useCanEdit();
  return (
    <FieldShell id={id} label={label} hint={hint} issues={issues} className={className}>
      <input
        id={id}
        className="input"
        value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
        placeholder={placeholder}
        list={list}
        disabled={!canEdit}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={describedBy(id, hint, issues)}
        onChange={(e) => setAt(path, optional && e.target.value === "" ? undefined : e.target.value)}
      />
    </FieldShell>
  );
}

export function NumberField({ path, label, limit, unit, hint, className, after }: Common & { limit: NumberLimit; unit?: string; after?: ReactNode }) {
  const id = useId();
  const value = useDraftValue<unknown>(path);
  const issues = useIssuesAt(path);
  const canEdit = useCanEdit();
  const allowed = `Allowed: ${describeRange(limit, unit)}${hint ? `. ${hint}` : ""}`;
  return (
    <FieldShell id={id} label={label} hint={allowed} issues={issues} className={className}>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="number"
          inputMode="numeric"
          className="input"
          value={typeof value === "number" && Number.isFinite(value) ? value : ""}
          placeholder={limit.default === null ? "" : String(limit.default)}
          min={limit.min ?? undefined}
          max={limit.max ?? undefined}
          disabled={!canEdit}
          aria-invalid={issues.length > 0 || undefined}
          aria-describedby={describedBy(id, allowed, issues)}
          onChange={(e) => setAt(path, e.target.value === "" ? undefined : Number(e.target.value))}
        />
        {after}
      </div>
    </FieldShell>
  );
}

export function ChoiceField({
  path,
  label,
  limit,
  words,
  hint,
  className,
  onChosen,
}: Common & { limit: ChoiceLimit; words: Record<string, string>; onChosen?: (value: string) => void }) {
  const id = useId();
  const value = useDraftValue<unknown>(path);
  const issues = useIssuesAt(path);
  const canEdit = useCanEdit();
  const current = typeof value === "string" ? value : (limit.default ?? "");
  return (
    <FieldShell id={id} label={label} hint={hint} issues={issues} className={className}>
      <select
        id={id}
        className="input"
        value={current}
        disabled={!canEdit}
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={describedBy(id, hint, issues)}
        onChange={(e) => {
          setAt(path, e.target.value);
          onChosen?.(e.target.value);
        }}
      >
        {limit.default === null && current === "" && <option value="">choose…</option>}
        {limit.options.map((o) => (
          <option key={o} value={o}>
            {words[o] ?? o}
            {o === limit.default ? " (default)" : ""}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/**
 * An interface name: a select of the device's interfaces once they were read from it (each with its addresses), a
 * name typed freely before that. A name the device does not have stays selectable, marked as such.
 */
export function InterfacePicker({
  id,
  value,
  onChange,
  label,
  describedBy: described,
  invalid,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  label?: string;
  describedBy?: string;
  invalid: boolean;
}) {
  const known = usePolicyDraftStore((s) => s.interfaces);
  const canEdit = useCanEdit();
  const common = { id, disabled: !canEdit, "aria-label": label, "aria-describedby": described, "aria-invalid": invalid || undefined, className: "input" };
  if (known === null) return <input {...common} value={value} spellCheck={false} autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
  const names = known.map((i) => i.name);
  return (
    <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
      {value === "" && <option value="">choose an interface…</option>}
      {value !== "" && !names.includes(value) && <option value={value}>{value} (not on the device)</option>}
      {known.map((i) => (
        <option key={i.name} value={i.name}>
          {i.name}
          {i.words ? ` · ${i.words}` : ""}
        </option>
      ))}
    </select>
  );
}

export function InterfaceField({ path, label, hint, className }: Common) {
  const id = useId();
  const value = useDraftValue<unknown>(path);
  const issues = useIssuesAt(path);
  return (
    <FieldShell id={id} label={label} hint={hint} issues={issues} className={className}>
      <InterfacePicker
        id={id}
        value={typeof value === "string" ? value : ""}
        onChange={(v) => setAt(path, v)}
        describedBy={describedBy(id, hint, issues)}
        invalid={issues.length > 0}
      />
    </FieldShell>
  );
}
