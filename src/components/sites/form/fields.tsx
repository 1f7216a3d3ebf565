"use client";
import type { ReactNode } from "react";
import { described, WizardField } from "@/components/wizard/field";
import { useSiteForm } from "./context";
import { numberFrom, type Path } from "./draft-edit";
import { memberRefusal } from "./types";

// Inputs bound to a path of the site draft: the value comes from the draft, a change goes back through set(), and the
// schema's issue for that path is shown by the field (aria-describedby) once the field was left or a preview tried.

const idOf = (path: Path) => `site-${path.join("-")}`;

function read(draft: unknown, path: Path): unknown {
  let at: unknown = draft;
  for (const key of path) at = at !== null && typeof at === "object" ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

export function useValue(path: Path): unknown {
  return read(useSiteForm().draft, path);
}

type Common = { path: Path; label: string; hint?: string; className?: string };

/** What every field reads of the form for its path: the draft's value, its issue and its element id. */
function useField(path: Path) {
  const form = useSiteForm();
  return { form, id: idOf(path), issue: form.issue(path), value: read(form.draft, path) };
}

export function TextField({ path, label, hint, className, placeholder }: Common & { placeholder?: string }) {
  const { form, id, issue, value } = useField(path);
  return (
    <div className={className}>
      <WizardField id={id} label={label} hint={hint} issue={issue}>
        <input
          id={id}
          className="input"
          value={typeof value === "string" || typeof value === "number" ? String(value) : ""}
          placeholder={placeholder}
          onChange={(e) => form.set(path, e.target.value)}
          onBlur={() => form.touch(path)}
          {...described(id, hint, issue)}
        />
      </WizardField>
    </div>
  );
}

export function NumberField({
  path,
  label,
  hint,
  className,
  min,
  max,
  unit,
  readOnly,
}: Common & { min?: number; max?: number; unit?: string; readOnly?: boolean }) {
  const { form, id, issue, value } = useField(path);
  return (
    <div className={className}>
      <WizardField id={id} label={unit ? `${label} (${unit})` : label} hint={hint} issue={issue}>
        <input
          id={id}
          className="input"
          inputMode="numeric"
          type="number"
          min={min}
          max={max}
          readOnly={readOnly}
          value={typeof value === "number" || typeof value === "string" ? String(value) : ""}
          onChange={(e) => form.set(path, numberFrom(e.target.value))}
          onBlur={() => form.touch(path)}
          {...described(id, hint, issue)}
        />
      </WizardField>
    </div>
  );
}

export function SelectField({ path, label, hint, className, options }: Common & { options: { value: string; label: string; disabled?: boolean }[] }) {
  const { form, id, issue, value } = useField(path);
  return (
    <div className={className}>
      <WizardField id={id} label={label} hint={hint} issue={issue}>
        <select
          id={id}
          className="input"
          value={typeof value === "string" ? value : ""}
          onChange={(e) => form.set(path, e.target.value)}
          onBlur={() => form.touch(path)}
          {...described(id, hint, issue)}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </WizardField>
    </div>
  );
}

/** Linux devices to choose from; MikroTik routers are listed but disabled, with the reason in the option. */
export function DeviceField({ path, label, className, taken }: Common & { taken: string[] }) {
  const form = useSiteForm();
  const current = read(form.draft, path);
  const options = [
    { value: "", label: "Choose a device…" },
    ...form.devices.map((d) => {
      const refusal = memberRefusal(d);
      const elsewhere = d.id !== current && taken.includes(d.id);
      return {
        value: d.id,
        label: refusal ? `${d.name} — not possible: ${refusal}` : elsewhere ? `${d.name} — already a member` : d.name,
        disabled: Boolean(refusal) || elsewhere,
      };
    }),
  ];
  return <SelectField path={path} label={label} className={className} options={options} hint="Linux servers and gateways reached over SSH" />;
}

/**
 * The member's interface: a select of the device's interfaces once they are read (on demand: reading logs into the
 * device), else a text field. Choosing one with an address fills the member's address when it is still empty.
 */
export function InterfaceField({ path, deviceId, addressPath, className }: { path: Path; deviceId: string; addressPath: Path; className?: string }) {
  const { form, id, issue, value } = useField(path);
  const known = deviceId ? form.interfaces[deviceId] : undefined;
  const current = typeof value === "string" ? value : "";
  const choose = (name: string) => {
    form.set(path, name);
    const address = known?.state === "known" ? known.interfaces.find((i) => i.name === name)?.addresses[0] : undefined;
    if (address && !read(form.draft, addressPath)) form.set(addressPath, address.split("/")[0]);
  };
  const hint =
    known?.state === "failed"
      ? `Could not read the interfaces: ${known.reason}`
      : known?.state === "reading"
        ? "Reading the device's interfaces…"
        : known?.state === "known"
          ? undefined
          : "Type it, or read the device's interfaces to choose one";
  return (
    <div className={className}>
      <WizardField id={id} label="Interface" hint={hint} issue={issue}>
        {known?.state === "known" ? (
          <select id={id} className="input" value={current} onChange={(e) => choose(e.target.value)} {...described(id, hint, issue)}>
            <option value="">Choose an interface…</option>
            {known.interfaces
              .filter((i) => i.name !== "lo")
              .map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name}
                  {i.addresses.length ? ` (${i.addresses.join(", ")})` : ""}
                  {i.up ? "" : " — down"}
                </option>
              ))}
          </select>
        ) : (
          <div className="flex gap-2">
            <input
              id={id}
              className="input"
              value={current}
              onChange={(e) => form.set(path, e.target.value)}
              onBlur={() => form.touch(path)}
              {...described(id, hint, issue)}
            />
            {deviceId && (
              <button type="button" className="btn-secondary shrink-0" disabled={known?.state === "reading"} onClick={() => form.readInterfaces(deviceId)}>
                Read interfaces
              </button>
            )}
          </div>
        )}
      </WizardField>
    </div>
  );
}

/** A group's own issue (the list as a whole: "at least two nodes", "device x is a member twice"). */
export function GroupIssue({ path }: { path: Path }): ReactNode {
  const issue = useSiteForm().issue(path);
  if (!issue) return null;
  return (
    <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="field-issue">
      {issue}
    </p>
  );
}
