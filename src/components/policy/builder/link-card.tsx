"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { INTENT_LIMITS } from "@/stores/policy-draft-checks";
import { removeAt, setAt, useDraftValue } from "@/stores/policy-draft-store";
import { ChoiceField, InterfaceField, NumberField, TextField, useCanEdit } from "./fields";
import { ProbeFields } from "./probe-fields";
import { HANDLING_WORDS } from "./words";

const L = INTENT_LIMITS.link;

type DraftLink = { name?: string; weight?: number; tier?: number };

export const linkLabel = (link: DraftLink | undefined, index: number) => (link?.name ? `link ${link.name}` : `link ${index + 1}`);

/** The link's share of new connections among the links of its tier, as weights make it ("75 %"). */
function shareOf(links: DraftLink[], index: number): string | null {
  const tier = links[index]?.tier ?? L.tier.default ?? 1;
  const weight = (l: DraftLink) => (typeof l.weight === "number" && l.weight > 0 ? l.weight : (L.weight.default ?? 1));
  const peers = links.filter((l) => (l.tier ?? L.tier.default ?? 1) === tier);
  const total = peers.reduce((sum, l) => sum + weight(l), 0);
  const own = links[index];
  if (!own || total === 0) return null;
  return `${Math.round((weight(own) / total) * 100)} %`;
}

// One WAN link as a card: where it leaves, how much it carries, which tier it stands in, how it is probed and what
// happens to its connections when it fails and comes back. The handle drags it to another tier.
export function LinkCard({ index, id }: { index: number; id: string }) {
  const links = useDraftValue<DraftLink[]>(["links"]) ?? [];
  const link = links[index];
  const canEdit = useCanEdit();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !canEdit });
  const label = linkLabel(link, index);
  const share = shareOf(links, index);
  const tiers = Array.from({ length: (L.tier.max ?? 5) - (L.tier.min ?? 1) + 1 }, (_, i) => i + (L.tier.min ?? 1));
  const path = ["links", index] as const;
  return (
    <section
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      aria-label={label}
      data-testid="link-card"
      data-link={link?.name ?? ""}
      className={`min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-4 ${isDragging ? "opacity-60 shadow-lg" : ""}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        {canEdit && (
          <button
            type="button"
            ref={setActivatorNodeRef}
            className="btn-secondary cursor-grab px-2 py-1 text-xs"
            aria-label={`Drag ${label} to another tier`}
            {...attributes}
            {...listeners}
          >
            <span aria-hidden="true">⠿</span> Drag
          </button>
        )}
        <h3 className="min-w-0 flex-1 basis-32 font-semibold">{link?.name ? `Link ${link.name}` : `Link ${index + 1}`}</h3>
        {canEdit && (
          <button type="button" className="btn-secondary px-2 py-1 text-xs text-rose-700" onClick={() => removeAt(["links"], index)}>
            Remove {label}
          </button>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField path={[...path, "name"]} label="Name" hint={L.name.rule} />
        <InterfaceField path={[...path, "interface"]} label="Interface" hint={L.interface.rule} />
        <TextField path={[...path, "gateway"]} label="Gateway" hint={L.gateway.rule} />
        <NumberField
          path={[...path, "weight"]}
          label="Weight"
          limit={L.weight}
          after={
            share && (
              <span className="shrink-0 text-sm whitespace-nowrap text-slate-700" data-testid="link-share">
                {share} of tier {link?.tier ?? 1}
              </span>
            )
          }
        />
        <TierSelect index={index} tiers={tiers} />
        <ChoiceField path={[...path, "onFailover"]} label="On failover, its connections" limit={L.onFailover} words={HANDLING_WORDS} />
        <ChoiceField path={[...path, "onFailback"]} label="On failback, connections moved away" limit={L.onFailback} words={HANDLING_WORDS} />
      </div>
      <ProbeFields path={[...path, "probe"]} linkName={link?.name || `link ${index + 1}`} />
    </section>
  );
}

/** The keyboard-and-click way to change a link's tier (dragging the card is the other). */
function TierSelect({ index, tiers }: { index: number; tiers: number[] }) {
  const tier = useDraftValue<number>(["links", index, "tier"]) ?? L.tier.default ?? 1;
  const canEdit = useCanEdit();
  const id = `link-${index}-tier`;
  return (
    <div className="min-w-0 space-y-1">
      <label htmlFor={id} className="label">
        Tier
      </label>
      <select
        id={id}
        className="input"
        value={tier}
        disabled={!canEdit}
        onChange={(e) => setAt(["links", index, "tier"], Number(e.target.value))}
        aria-describedby={`${id}-hint`}
      >
        {tiers.map((t) => (
          <option key={t} value={t}>
            Tier {t}
            {t === L.tier.default ? " (default)" : ""}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Lower tiers carry traffic first; tier {tiers[0]}–{tiers.at(-1)}
      </p>
    </div>
  );
}
