"use client";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { INTENT_LIMITS, useIssuesAt } from "@/stores/policy-draft-checks";
import { moveAt, removeAt, useDraftValue } from "@/stores/policy-draft-store";
import { ChoiceField, Issues, TextField, useCanEdit } from "./fields";

const PATH = ["outbound", "pinned"] as const;

/** One exception: which traffic (source, destination or both), the link it is pinned to, and a note. */
export function PinnedRow({ id, index, count, linkNames }: { id: string; index: number; count: number; linkNames: string[] }) {
  const canEdit = useCanEdit();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id, disabled: !canEdit });
  const link = useDraftValue<string>([...PATH, index, "link"]);
  const comment = useDraftValue<string>([...PATH, index, "comment"]);
  const issues = useIssuesAt([...PATH, index]);
  const label = `Pinned traffic ${index + 1}`;
  const options = link && !linkNames.includes(link) ? [...linkNames, link] : linkNames;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      aria-label={label}
      data-testid="pinned-row"
      data-comment={comment ?? ""}
      className={`min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-3 ${isDragging ? "opacity-60 shadow-lg" : ""}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        {canEdit && (
          <button
            type="button"
            ref={setActivatorNodeRef}
            className="btn-secondary cursor-grab px-2 py-1 text-xs"
            aria-label={`Drag ${label}`}
            {...attributes}
            {...listeners}
          >
            <span aria-hidden="true">⠿</span> Drag
          </button>
        )}
        <h3 className="min-w-0 flex-1 basis-40 text-sm font-semibold">
          {label}
          {comment ? <span className="font-normal text-slate-600"> · {comment}</span> : null}
        </h3>
        {canEdit && (
          <>
            <button
              type="button"
              className="btn-secondary px-2 py-1 text-xs"
              disabled={index === 0}
              onClick={() => moveAt(PATH, index, index - 1)}
              aria-label={`Move ${label} up`}
            >
              Move up
            </button>
            <button
              type="button"
              className="btn-secondary px-2 py-1 text-xs"
              disabled={index === count - 1}
              onClick={() => moveAt(PATH, index, index + 1)}
              aria-label={`Move ${label} down`}
            >
              Move down
            </button>
            <button type="button" className="btn-secondary px-2 py-1 text-xs text-rose-700" onClick={() => removeAt(PATH, index)}>
              Remove {label.toLowerCase()}
            </button>
          </>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField path={[...PATH, index, "source"]} label="Source" optional hint={`optional; ${INTENT_LIMITS.outbound.lanSource.rule}`} />
        <TextField path={[...PATH, index, "destination"]} label="Destination" optional hint={`optional; ${INTENT_LIMITS.outbound.lanSource.rule}`} />
        <ChoiceField
          path={[...PATH, index, "link"]}
          label="Always through"
          limit={{ kind: "choice", options, default: null }}
          words={{}}
          hint="one of the links above"
        />
        <TextField path={[...PATH, index, "comment"]} label="Comment" hint={INTENT_LIMITS.pinned.comment.rule} />
      </div>
      <Issues id={`${id}-issues`} issues={issues} />
    </li>
  );
}
