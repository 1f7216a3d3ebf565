"use client";
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type UniqueIdentifier } from "@dnd-kit/core";
import { restrictToVerticalAxis } from "./modifiers";
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useId } from "react";
import { INTENT_LIMITS, useIssuesAt } from "@/stores/policy-draft-checks";
import { appendAt, moveAt, useDraftValue } from "@/stores/policy-draft-store";
import { useCanEdit } from "./fields";
import { PinnedRow } from "./pinned-row";

const PATH = ["outbound", "pinned"] as const;
const pinId = (index: number) => `pin-${index}`;
const indexOf = (id: UniqueIdentifier) => Number(String(id).slice("pin-".length));

// Pinned traffic: exceptions that always leave through one link. The first match wins, so their order is their
// precedence; drag a row by its handle (or Space, arrows, Space) or use Move up / Move down.
export function PinnedSection() {
  const pins = useDraftValue<unknown[]>(PATH) ?? [];
  const links = useDraftValue<{ name?: string }[]>(["links"]) ?? [];
  const issues = useIssuesAt(PATH);
  const canEdit = useCanEdit();
  const listId = useId();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = pins.map((_, i) => pinId(i));
  const linkNames = links.map((l) => l.name ?? "").filter(Boolean);
  const name = (id: UniqueIdentifier) => `Pinned traffic ${indexOf(id) + 1}`;

  function onDragEnd({ active, over }: DragEndEvent) {
    if (over && active.id !== over.id) moveAt(PATH, indexOf(active.id), indexOf(over.id));
  }

  return (
    <section className="card min-w-0 space-y-4" aria-labelledby="pinned-heading">
      <div className="space-y-1">
        <h2 id="pinned-heading" className="font-semibold">
          Exceptions: pinned traffic
        </h2>
        <p className="text-sm text-slate-600">
          Traffic matching a row always leaves through its link. The first matching row wins, so the order is the precedence. At most{" "}
          {INTENT_LIMITS.outbound.pinned.max} rows.
        </p>
        {issues.length > 0 && <p className="text-xs text-rose-700">{issues.join("; ")}</p>}
      </div>
      {pins.length === 0 && <p className="text-sm text-slate-500">No exceptions: every balanced connection draws a link by weight.</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[restrictToVerticalAxis]}
        onDragEnd={onDragEnd}
        accessibility={{
          screenReaderInstructions: {
            draggable: "To change this row's precedence, press Space, use the arrow keys, and press Space again to drop it or Escape to cancel.",
          },
          announcements: {
            onDragStart: ({ active }) => `Picked up ${name(active.id)}.`,
            onDragOver: ({ active, over }) =>
              over ? `${name(active.id)} is over position ${indexOf(over.id) + 1}.` : `${name(active.id)} is over no position.`,
            onDragEnd: ({ active, over }) =>
              over ? `${name(active.id)} moved to position ${indexOf(over.id) + 1}.` : `${name(active.id)} was dropped outside the list; nothing changed.`,
            onDragCancel: ({ active }) => `Moving ${name(active.id)} was cancelled.`,
          },
        }}
      >
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol className="space-y-3" id={listId} data-testid="pinned-list">
            {ids.map((id, index) => (
              <PinnedRow key={id} id={id} index={index} count={pins.length} linkNames={linkNames} />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      {canEdit && (INTENT_LIMITS.outbound.pinned.max === null || pins.length < INTENT_LIMITS.outbound.pinned.max) && (
        <button type="button" className="btn-secondary" onClick={() => appendAt(PATH, { source: "", link: linkNames[0] ?? "", comment: "" })}>
          Add pinned traffic
        </button>
      )}
    </section>
  );
}
