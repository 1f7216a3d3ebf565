import type { Modifier } from "@dnd-kit/core";

/** Sortable rows move up and down only (the modifiers package is not installed; this is its one-liner). */
export const restrictToVerticalAxis: Modifier = ({ transform }) => ({ ...transform, x: 0 });
