"use client";
import { useState } from "react";
import { addLan, addLinkOn, removeLink, updateLan, updateLink, useWizardStore } from "@/stores/wizard-store";
import { described, WizardField } from "./field";
import { sharesOf, type LinkForm } from "./wizard-form";

const TIERS = [1, 2, 3, 4, 5];

// Step 2: the proposed roles with their reasons, editable. Each link: name, interface, gateway, weight with its
// share of new connections (live), tier, two probe targets. Then the LAN interfaces and the networks behind them.
export function StepLinks() {
  const form = useWizardStore((s) => s.form);
  const view = useWizardStore((s) => s.view);
  const issues = useWizardStore((s) => s.issues);
  if (!form || !view) return null;
  const shares = sharesOf(form.links);
  const interfaces = view.interfaces.filter((i) => i.name !== "lo").map((i) => i.name);
  const unused = interfaces.filter((name) => !form.links.some((l) => l.interface === name) && !form.lans.some((l) => l.interface === name && l.use));
  const listIssue = issues.links ?? issues[""];
  return (
    <div className="space-y-6">
      <section aria-labelledby="wizard-links" className="space-y-3">
        <h3 id="wizard-links" className="text-lg font-semibold">
          WAN links
        </h3>
        {listIssue && (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {listIssue}
          </p>
        )}
        {form.links.length === 0 && <p className="text-sm text-slate-600">No link yet: add one from the device&apos;s interfaces.</p>}
        {form.links.map((link, index) => (
          <LinkCard key={link.key} link={link} index={index} share={shares[link.key] ?? 0} interfaces={interfaces} />
        ))}
        <AddFromList id="wizard-add-link" label="Another link on" button="Add link" choices={unused} onAdd={addLinkOn} />
      </section>
      <section aria-labelledby="wizard-lan" className="space-y-3">
        <h3 id="wizard-lan" className="text-lg font-semibold">
          LAN
        </h3>
        <p className="text-sm text-slate-600">Traffic from these interfaces and networks is balanced over the links.</p>
        {(issues["outbound.lanInterfaces"] || issues["outbound.lanSources"]) && (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {issues["outbound.lanInterfaces"] ?? issues["outbound.lanSources"]}
          </p>
        )}
        <ul className="space-y-3">
          {form.lans.map((lan) => {
            const id = `lan-${lan.interface}`;
            const sourceIssue = Object.entries(issues).find(([path]) => path.startsWith("outbound.lanSources."))?.[1];
            return (
              <li key={lan.interface} className="card space-y-2" data-testid="wizard-lan">
                <label className="flex items-center gap-2 font-medium">
                  <input type="checkbox" checked={lan.use} onChange={(e) => updateLan(lan.interface, { use: e.target.checked })} />
                  {lan.interface} is a LAN interface
                </label>
                {lan.why && <p className="text-sm text-slate-600">{lan.why}</p>}
                {lan.use && (
                  <WizardField
                    id={`${id}-sources`}
                    label="LAN networks behind it"
                    hint="IPv4 prefixes such as 192.168.10.0/24, separated by commas"
                    issue={sourceIssue}
                  >
                    <input
                      id={`${id}-sources`}
                      className="input"
                      value={lan.sources}
                      onChange={(e) => updateLan(lan.interface, { sources: e.target.value })}
                      {...described(`${id}-sources`, "hint", sourceIssue)}
                    />
                  </WizardField>
                )}
              </li>
            );
          })}
        </ul>
        <AddFromList
          id="wizard-add-lan"
          label="Another LAN interface"
          button="Add LAN interface"
          choices={unused.filter((name) => !form.lans.some((l) => l.interface === name))}
          onAdd={(name) => addLan({ interface: name, use: true, sources: "", why: null })}
        />
      </section>
    </div>
  );
}

function LinkCard({ link, index, share, interfaces }: { link: LinkForm; index: number; share: number; interfaces: string[] }) {
  const issues = useWizardStore((s) => s.issues);
  const id = `link-${link.key}`;
  const issue = (field: string) => issues[`links.${index}.${field}`];
  const targetsIssue = issue("probe.targets") ?? issue("probe");
  return (
    <article className="card space-y-3" aria-labelledby={`${id}-title`} data-testid="wizard-link">
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0 flex-1">
          <h4 id={`${id}-title`} className="font-semibold">
            {link.name || "unnamed link"} on {link.interface}
          </h4>
          {link.why && <p className="text-sm text-slate-600">{link.why}</p>}
        </div>
        <button type="button" className="btn-secondary" onClick={() => removeLink(link.key)} aria-label={`Remove link ${link.name}`}>
          Remove
        </button>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <WizardField id={`${id}-name`} label="Link name" hint="a–z, 0–9 and -, up to 15, starting with a letter" issue={issue("name")}>
          <input
            id={`${id}-name`}
            className="input"
            value={link.name}
            onChange={(e) => updateLink(link.key, { name: e.target.value })}
            {...described(`${id}-name`, "hint", issue("name"))}
          />
        </WizardField>
        <WizardField id={`${id}-interface`} label="Interface" issue={issue("interface")}>
          <select id={`${id}-interface`} className="input" value={link.interface} onChange={(e) => updateLink(link.key, { interface: e.target.value })}>
            {[...new Set([link.interface, ...interfaces])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </WizardField>
        <WizardField id={`${id}-gateway`} label="Gateway" hint="the ISP's router, an IPv4 address such as 198.51.100.1" issue={issue("gateway")}>
          <input
            id={`${id}-gateway`}
            className="input"
            inputMode="decimal"
            value={link.gateway}
            onChange={(e) => updateLink(link.key, { gateway: e.target.value })}
            {...described(`${id}-gateway`, "hint", issue("gateway"))}
          />
        </WizardField>
        <WizardField id={`${id}-weight`} label="Weight" hint="1–100" issue={issue("weight")}>
          <input
            id={`${id}-weight`}
            className="input"
            type="number"
            min={1}
            max={100}
            value={Number.isFinite(link.weight) ? link.weight : ""}
            onChange={(e) => updateLink(link.key, { weight: e.target.valueAsNumber })}
            {...described(`${id}-weight`, "hint", issue("weight"))}
          />
        </WizardField>
        <WizardField id={`${id}-tier`} label="Tier" hint="1 carries traffic; higher tiers stand by" issue={issue("tier")}>
          <select id={`${id}-tier`} className="input" value={link.tier} onChange={(e) => updateLink(link.key, { tier: Number(e.target.value) })}>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                Tier {tier}
              </option>
            ))}
          </select>
        </WizardField>
        <div>
          <p className="label">Share of new connections</p>
          <p className="text-2xl font-semibold tabular-nums" aria-live="polite" data-testid="link-share">
            {share} %
          </p>
          <p className="text-xs text-slate-500">of tier {link.tier}</p>
        </div>
      </div>
      <fieldset className="grid gap-3 sm:grid-cols-2">
        <legend className="label">Probe targets (answers through this link mean it is alive)</legend>
        {link.targets.map((target, at) => {
          const targetId = `${id}-target-${at}`;
          const targetIssue = issue(`probe.targets.${at}`);
          return (
            <WizardField key={targetId} id={targetId} label={`Target ${at + 1}`} hint="an IPv4 address beyond the ISP, not the gateway" issue={targetIssue}>
              <input
                id={targetId}
                className="input"
                inputMode="decimal"
                value={target}
                onChange={(e) => {
                  const targets: [string, string] = [...link.targets];
                  targets[at] = e.target.value;
                  updateLink(link.key, { targets });
                }}
                {...described(targetId, "hint", targetIssue)}
              />
            </WizardField>
          );
        })}
        {targetsIssue && <p className="text-xs text-rose-700 sm:col-span-2">{targetsIssue}</p>}
      </fieldset>
    </article>
  );
}

/** A select of the interfaces not yet used and the button that adds the chosen one. */
function AddFromList({ id, label, button, choices, onAdd }: { id: string; label: string; button: string; choices: string[]; onAdd: (name: string) => void }) {
  const [choice, setChoice] = useState("");
  if (choices.length === 0) return null;
  const name = choice || choices[0]!;
  return (
    <div className="flex flex-wrap items-end gap-2">
      <div>
        <label htmlFor={id} className="label">
          {label}
        </label>
        <select id={id} className="input" value={name} onChange={(e) => setChoice(e.target.value)}>
          {choices.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="btn-secondary" onClick={() => onAdd(name)}>
        {button}
      </button>
    </div>
  );
}
