"use client";
import {
  closestCenter,
  type CollisionDetection,
  pointerWithin,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { INTENT_LIMITS, useIssuesAt } from "@/stores/policy-draft-checks";
import { appendAt, setAt, useDraftValue } from "@/stores/policy-draft-store";
import { Issues, useCanEdit } from "./fields";
import { ReadInterfaces } from "./read-interfaces";
import { LinkCard, linkLabel } from "./link-card";

const L = INTENT_LIMITS.link;
type DraftLink = { name?: string; tier?: number };

const linkId = (index: number) => `link-${index}`;
const tierId = (tier: number) => `tier-${tier}`;

/** By mouse or touch, the tier group under the pointer (a link card is taller than an empty group); by keyboard, the nearest. */
const underPointer: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : closestCenter(args);
};

export const NEW_LINK = { name: "", interface: "", gateway: "", weight: 1, tier: 1, probe: { targets: [""] } };

// The links grouped by tier. Dragging a link's card into another tier's group (mouse, touch, or Space, arrows and
// Space again) changes its tier; the tier select on the card does the same without dragging. One empty tier after
// the last used one is always shown, so there is somewhere to drag a standby link to.
export function LinksSection({ deviceId }: { deviceId: string }) {
  const links = useDraftValue<DraftLink[]>(["links"]) ?? [];
  const issues = useIssuesAt(["links"]);
  const canEdit = useCanEdit();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const tierOf = (l: DraftLink | undefined) => l?.tier ?? L.tier.default ?? 1;
  const used = links.map(tierOf);
  const last = Math.min(L.tier.max ?? 5, Math.max(L.tier.min ?? 1, ...used) + 1);
  const tiers = Array.from({ length: last - (L.tier.min ?? 1) + 1 }, (_, i) => i + (L.tier.min ?? 1));

  const indexOf = (id: UniqueIdentifier) => Number(String(id).slice("link-".length));
  const targetTier = (id: UniqueIdentifier | undefined): number | null => {
    if (id === undefined) return null;
    const text = String(id);
    if (text.startsWith("tier-")) return Number(text.slice("tier-".length));
    return text.startsWith("link-") ? tierOf(links[indexOf(id)]) : null;
  };
  const nameOf = (id: UniqueIdentifier) => linkLabel(links[indexOf(id)], indexOf(id));

  function onDragEnd({ active, over }: DragEndEvent) {
    const tier = targetTier(over?.id);
    if (tier !== null && tier !== tierOf(links[indexOf(active.id)])) setAt(["links", indexOf(active.id), "tier"], tier);
  }

  return (
    <section className="card min-w-0 space-y-4" aria-labelledby="links-heading">
      <div className="space-y-1">
        <h2 id="links-heading" className="font-semibold">
          Links and tiers
        </h2>
        <p className="text-sm text-slate-600">
          The lowest tier with a live link carries the traffic, shared by weight; higher tiers stand by until every link below them is down. Drag a card by its
          handle (or press Space on it, then the arrow keys, then Space) to move a link to another tier. {links.length} of at most {INTENT_LIMITS.links.max}{" "}
          links.
        </p>
        <Issues id="links-issues" issues={issues} />
        {canEdit && <ReadInterfaces deviceId={deviceId} />}
      </div>
      <DndContext
        sensors={sensors}
        collisionDetection={underPointer}
        onDragEnd={onDragEnd}
        accessibility={{
          screenReaderInstructions: {
            draggable: "To move this link to another tier, press Space, use the arrow keys, and press Space again to drop it or Escape to cancel.",
          },
          announcements: {
            onDragStart: ({ active }) => `Picked up ${nameOf(active.id)} in tier ${tierOf(links[indexOf(active.id)])}.`,
            onDragOver: ({ active, over }) =>
              targetTier(over?.id) === null ? `${nameOf(active.id)} is over no tier.` : `${nameOf(active.id)} is over tier ${targetTier(over?.id)}.`,
            onDragEnd: ({ active, over }) =>
              targetTier(over?.id) === null
                ? `${nameOf(active.id)} was dropped outside the tiers; nothing changed.`
                : `${nameOf(active.id)} moved to tier ${targetTier(over?.id)}.`,
            onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled; it stays in tier ${tierOf(links[indexOf(active.id)])}.`,
          },
        }}
      >
        {tiers.map((tier) => (
          <TierGroup key={tier} tier={tier} first={tier === tiers[0]} ids={links.flatMap((l, i) => (tierOf(l) === tier ? [linkId(i)] : []))} />
        ))}
      </DndContext>
      {canEdit && (INTENT_LIMITS.links.max === null || links.length < INTENT_LIMITS.links.max) && (
        <button type="button" className="btn-secondary" onClick={() => appendAt(["links"], structuredClone(NEW_LINK))}>
          Add link
        </button>
      )}
    </section>
  );
}

function TierGroup({ tier, first, ids }: { tier: number; first: boolean; ids: string[] }) {
  const { setNodeRef, isOver } = useDroppable({ id: tierId(tier) });
  return (
    <section
      ref={setNodeRef}
      aria-label={`Tier ${tier}`}
      data-testid="tier-group"
      data-tier={tier}
      className={`min-w-0 space-y-3 rounded-lg border-2 border-dashed p-3 ${isOver ? "border-sky-500 bg-sky-50" : "border-slate-200"}`}
    >
      <h3 className="text-sm font-semibold text-slate-700">
        Tier {tier} <span className="font-normal text-slate-500">{first ? "· carries traffic first" : "· stands by while a lower tier has a live link"}</span>
      </h3>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        {ids.map((id) => (
          <LinkCard key={id} id={id} index={Number(id.slice("link-".length))} />
        ))}
      </SortableContext>
      {ids.length === 0 && <p className="text-sm text-slate-500">No link in tier {tier}. Drag a link here to make it stand by at this tier.</p>}
    </section>
  );
}
