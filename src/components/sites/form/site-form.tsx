"use client";
import { useRouter } from "next/navigation";
import { useCallback, useMemo, useState } from "react";
import { api, ApiCallError } from "@/components/api";
import type { SiteIntentInput, SitePreview, SiteView } from "@/lib/domain/site";
import { checkSiteDraft, checkSiteName, newSiteDraft } from "@/stores/site-draft-checks";
import { SitePreviewView } from "../site-preview";
import { KIND_EXPLAINED, KIND_WORDS, type SiteKind } from "../words";
import { AnycastFields } from "./anycast-fields";
import { SiteFormContext, type SiteFormApi } from "./context";
import { friendlyIssue, type Path, setIn } from "./draft-edit";
import { JsonView } from "./json-view";
import type { DeviceChoice, InterfaceKnowledge } from "./types";
import { VipFields } from "./vip-fields";

type Proposal = { interfaces: { name: string; up: boolean; addresses: string[] }[] };

// Create or edit a site as a form; "Advanced: JSON" is the same intent as text. The draft is judged by the API's own
// schema as the admin types (site-draft-checks), each issue by its field once the field was left or a preview or
// save was tried; the API's refusal, if any, is shown in its words. Nothing is saved before "Save"; "Preview" asks
// the API for every member's plan (the devices are read, an unreachable one compiled offline).
export function SiteForm({ site, devices }: { site: SiteView | null; devices: DeviceChoice[] }) {
  const router = useRouter();
  const [name, setName] = useState(site?.name ?? "");
  const [description, setDescription] = useState(site?.description ?? "");
  const [draft, setDraft] = useState<Record<string, unknown>>(() => (site ? site.intent : newSiteDraft("shared-vip")) as Record<string, unknown>);
  const [view, setView] = useState<"form" | "json">("form");
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [tried, setTried] = useState(false);
  const [interfaces, setInterfaces] = useState<Record<string, InterfaceKnowledge>>({});
  const [preview, setPreview] = useState<SitePreview | null>(null);
  const [busy, setBusy] = useState<"preview" | "save" | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [apiIssues, setApiIssues] = useState<Record<string, string>>({});

  const check = useMemo(() => checkSiteDraft(draft), [draft]);
  const nameIssue = site ? null : checkSiteName(name);
  const kind = draft.kind as SiteKind;

  const set = useCallback((path: Path, value: unknown) => {
    setDraft((d) => setIn(d, path, value) as Record<string, unknown>);
    setPreview(null);
    setApiIssues({});
  }, []);

  const readInterfaces = useCallback((deviceId: string) => {
    setInterfaces((known) => ({ ...known, [deviceId]: { state: "reading" } }));
    api<Proposal>("GET", `/devices/${encodeURIComponent(deviceId)}/wizard/proposal`)
      .then((p) => setInterfaces((known) => ({ ...known, [deviceId]: { state: "known", interfaces: p.interfaces } })))
      .catch((e) =>
        setInterfaces((known) => ({ ...known, [deviceId]: { state: "failed", reason: e instanceof ApiCallError ? e.failure.message : String(e) } })),
      );
  }, []);

  const form: SiteFormApi = {
    draft,
    set,
    touch: (path) => setTouched((t) => new Set(t).add(path.join("."))),
    issue: (path) => {
      const key = path.join(".");
      const message = apiIssues[`intent.${key}`] ?? apiIssues[key] ?? check.issues.get(key)?.[0];
      return message && (tried || touched.has(key) || apiIssues[`intent.${key}`] || apiIssues[key]) ? friendlyIssue(message) : undefined;
    },
    devices,
    interfaces,
    readInterfaces,
  };

  function chooseKind(next: SiteKind) {
    if (next === kind) return;
    setDraft(newSiteDraft(next) as Record<string, unknown>);
    setTouched(new Set());
    setTried(false);
    setPreview(null);
  }

  async function run(what: "preview" | "save") {
    setTried(true);
    setRefusal(null);
    if (nameIssue || !check.intent) {
      setRefusal(`Fix the ${check.count + (nameIssue ? 1 : 0)} issue(s) marked below first.`);
      return;
    }
    setBusy(what);
    try {
      if (what === "preview") {
        setPreview(
          site
            ? await api<SitePreview>("POST", `/sites/${site.id}/plan`, { draft })
            : await api<SitePreview>("POST", "/sites/plan", { name, intent: draft as SiteIntentInput }),
        );
      } else if (site) {
        await api("PUT", `/sites/${site.id}`, { intent: draft, description, baseRevision: site.revision });
        router.push(`/sites/${site.id}`);
        router.refresh();
      } else {
        const created = await api<{ id: string }>("POST", "/sites", { name, description, intent: draft });
        router.push(`/sites/${created.id}`);
      }
    } catch (e) {
      setRefusal(e instanceof ApiCallError ? e.failure.message : String(e));
      if (e instanceof ApiCallError) setApiIssues(Object.fromEntries((e.failure.details ?? []).map((d) => [d.path, d.message])));
    } finally {
      setBusy(null);
    }
  }

  return (
    <SiteFormContext.Provider value={form}>
      <form
        className="space-y-6"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run("save");
        }}
      >
        <fieldset className="card space-y-3">
          <legend className="px-1 font-semibold">Site</legend>
          {site ? (
            <p className="text-sm">
              <span className="font-medium">{site.name}</span>{" "}
              <span className="text-slate-600">· {KIND_WORDS[site.kind]} · the name and kind stay as they are</span>
            </p>
          ) : (
            <>
              <div className="sm:max-w-sm">
                <label htmlFor="site-name" className="label">
                  Name
                </label>
                <input
                  id="site-name"
                  className="input"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  onBlur={() => setTouched((t) => new Set(t).add("name"))}
                  aria-invalid={Boolean(nameIssue && (tried || touched.has("name")))}
                  aria-describedby="site-name-hint"
                />
                <p id="site-name-hint" className={`mt-1 text-xs ${nameIssue && (tried || touched.has("name")) ? "text-rose-700" : "text-slate-500"}`}>
                  {nameIssue && (tried || touched.has("name")) ? nameIssue : "lower-case letters, digits and -, such as web or dns-edge"}
                </p>
              </div>
              <fieldset className="space-y-2">
                <legend className="label">Kind</legend>
                {(["shared-vip", "anycast"] as const).map((k) => (
                  <label key={k} className="flex items-start gap-2 text-sm">
                    <input type="radio" name="site-kind" className="mt-1" checked={kind === k} onChange={() => chooseKind(k)} />
                    <span>
                      <span className="font-medium">{KIND_WORDS[k]}</span>
                      <span className="block text-slate-600">{KIND_EXPLAINED[k]}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            </>
          )}
          <div>
            <label htmlFor="site-description" className="label">
              Description (optional)
            </label>
            <input id="site-description" className="input" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
          </div>
        </fieldset>

        <fieldset className="flex flex-wrap gap-2">
          <legend className="sr-only">How to edit</legend>
          <button type="button" className={view === "form" ? "btn-primary" : "btn-secondary"} aria-pressed={view === "form"} onClick={() => setView("form")}>
            Form
          </button>
          <button type="button" className={view === "json" ? "btn-primary" : "btn-secondary"} aria-pressed={view === "json"} onClick={() => setView("json")}>
            Advanced: JSON
          </button>
        </fieldset>

        {view === "json" ? (
          <JsonView draft={draft} onChange={(next) => set([], next)} issues={check.issues} />
        ) : kind === "shared-vip" ? (
          <VipFields editing={Boolean(site)} />
        ) : (
          <AnycastFields />
        )}

        <div className="space-y-3">
          {tried && check.count > 0 && (
            <p className="text-sm text-rose-700" data-testid="draft-issue-count">
              {check.count === 1 ? "1 issue to fix" : `${check.count} issues to fix`}, marked by the fields.
            </p>
          )}
          {refusal && (
            <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="site-form-error">
              {refusal}
            </p>
          )}
          <div className="flex flex-wrap gap-3">
            <button type="button" className="btn-secondary" disabled={busy !== null} onClick={() => void run("preview")}>
              {busy === "preview" ? "Previewing every member…" : "Preview plans"}
            </button>
            <button type="submit" className="btn-primary" disabled={busy !== null}>
              {busy === "save" ? "Saving…" : site ? "Save changes" : "Create site"}
            </button>
          </div>
          <p className="text-xs text-slate-600">Saving changes nothing on the devices: push the site from its page when the plans look right.</p>
        </div>
        <div aria-live="polite">{preview && <SitePreviewView preview={preview} />}</div>
      </form>
    </SiteFormContext.Provider>
  );
}
