"use client";
import type { SitePreview } from "@/lib/domain/site";
import { ROLE_WORDS } from "./words";

type Severity = "info" | "warning" | "error";
const SEVERITY: Record<Severity, { word: string; look: string }> = {
  error: { word: "Error", look: "border-rose-300 bg-rose-50 text-rose-900" },
  warning: { word: "Warning", look: "border-amber-300 bg-amber-50 text-amber-950" },
  info: { word: "Info", look: "border-slate-200 bg-slate-50 text-slate-700" },
};
const ORDER: Severity[] = ["error", "warning", "info"];

const CHANGES: Record<"none" | "changes" | "new", string> = {
  none: "no change: the device already runs this plan",
  changes: "changes the device",
  new: "new on this device",
};

/** "2 devices change, 1 is new, 1 unchanged; 1 not asked". */
export function changesSummary(preview: SitePreview): string {
  const count = (what: SitePreview["members"][number]["changes"]) => preview.members.filter((m) => m.changes === what).length;
  const parts = [
    count("changes") && `${count("changes")} changed`,
    count("new") && `${count("new")} new`,
    count("none") && `${count("none")} unchanged`,
    count(null) && `${count(null)} not asked (offline)`,
  ].filter(Boolean);
  return `${preview.members.length} devices: ${parts.join(", ")}`;
}

// Every member's plan of a site, stacked: what the site means, which devices change, and for each device its label,
// warnings and the exact files the push writes, each in its own scroll box.
export function SitePreviewView({ preview }: { preview: SitePreview }) {
  return (
    <div className="space-y-4" data-testid="site-preview">
      {preview.meaning.length > 0 && (
        <section aria-labelledby="site-meaning" className="space-y-1">
          <h3 id="site-meaning" className="font-semibold">
            What this site does
          </h3>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="site-meaning">
            {preview.meaning.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
      <p className="text-sm" data-testid="site-preview-summary">
        <span className="font-medium">{changesSummary(preview)}.</span>{" "}
        {preview.pushable ? (
          <span className="text-emerald-700">Every member can be pushed.</span>
        ) : (
          <span className="text-rose-700">Not every member can be pushed: see the errors below.</span>
        )}
      </p>
      {preview.members.map((member) => (
        <MemberPlan key={member.device} member={member} />
      ))}
    </div>
  );
}

function MemberPlan({ member }: { member: SitePreview["members"][number] }) {
  const warnings = [...member.warnings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));
  const id = `plan-${member.device}`;
  return (
    <article className="card space-y-3" aria-labelledby={id} data-testid="member-plan" data-device={member.deviceName}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={id} className="font-semibold">
          {member.deviceName} <span className="font-normal text-slate-600">· {ROLE_WORDS[member.role]}</span>
        </h3>
        <span className="text-sm text-slate-700" data-testid="member-changes">
          {member.changes ? CHANGES[member.changes] : "not asked"}
        </span>
      </div>
      <p className="text-sm text-slate-600">{member.label}</p>
      {member.offline && (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-950" data-testid="member-offline">
          Compiled without asking the device: {member.offline}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="space-y-1 text-sm" aria-label={`Warnings for ${member.deviceName}`}>
          {warnings.map((w) => (
            <li key={`${w.code}-${w.message}`} className={`rounded-md border px-3 py-1.5 ${SEVERITY[w.severity].look}`} data-severity={w.severity}>
              <span className="font-semibold">{SEVERITY[w.severity].word}:</span> {w.message}
            </li>
          ))}
        </ul>
      )}
      {member.files.length === 0 && <p className="text-sm text-slate-600">No file: nothing can be pushed to this device.</p>}
      {member.files.map((file) => (
        <div key={file.path} className="space-y-1">
          <p className="text-sm">
            <span className="font-mono text-xs">{file.path}</span> <span className="text-slate-600">· {file.what}</span>
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it (WCAG 2.1.1); its name makes it a region */}
          <section aria-label={`${member.deviceName}: ${file.path}`} tabIndex={0} className="code-block max-h-80 overflow-auto rounded-md p-3">
            <pre className="text-xs" data-testid="member-file">
              {file.content}
            </pre>
          </section>
        </div>
      ))}
    </article>
  );
}
