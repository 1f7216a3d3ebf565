"use client";
import { useEffect, useState } from "react";

// "Advanced: JSON": the same draft as text. Valid JSON replaces the draft as it is typed; the schema's issues are
// listed by path under it (the form shows them by their fields).
export function JsonView({ draft, onChange, issues }: { draft: unknown; onChange: (next: Record<string, unknown>) => void; issues: Map<string, string[]> }) {
  const [text, setText] = useState(() => JSON.stringify(draft, null, 2));
  const [syntax, setSyntax] = useState<string | null>(null);

  // Another change of the draft (none while this view is open) would show here; typing keeps the admin's text.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a draft that differs from the text replaces it
  useEffect(() => {
    try {
      if (JSON.stringify(JSON.parse(text)) === JSON.stringify(draft)) return;
    } catch {
      return;
    }
    setText(JSON.stringify(draft, null, 2));
  }, [draft]);

  function change(next: string) {
    setText(next);
    try {
      const parsed = JSON.parse(next) as unknown;
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error('the site is one JSON object: { "kind": …, … }');
      setSyntax(null);
      onChange(parsed as Record<string, unknown>);
    } catch (e) {
      setSyntax(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="space-y-2">
      <label htmlFor="site-json" className="label">
        The site&apos;s intent as JSON
      </label>
      <textarea
        id="site-json"
        className="input min-h-96 font-mono text-xs"
        spellCheck={false}
        value={text}
        onChange={(e) => change(e.target.value)}
        aria-invalid={Boolean(syntax) || issues.size > 0}
        aria-describedby="site-json-issues"
      />
      <div id="site-json-issues" aria-live="polite" className="text-sm">
        {syntax ? (
          <p className="text-rose-700">Not valid JSON yet: {syntax}</p>
        ) : issues.size > 0 ? (
          <ul className="list-disc pl-5 text-rose-700">
            {[...issues].map(([path, messages]) => (
              <li key={path}>
                <span className="font-mono text-xs">{path || "(the site)"}</span>: {messages.join("; ")}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-emerald-700">The intent is valid.</p>
        )}
      </div>
    </div>
  );
}
