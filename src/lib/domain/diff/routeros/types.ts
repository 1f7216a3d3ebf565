// Desired objects (from a RouterOS plan) against the items a router printed, and the steps between them.

import type { SwitchedBy } from "../../compile/routeros/types";

export type { SwitchedBy };

/** One object of a plan: the shape of RouterOsObject, plus the runtime switch some objects carry. */
export type DesiredObject = {
  menu: string;
  comment: string;
  properties: Readonly<Record<string, string>>;
  switchedBy?: SwitchedBy;
};

/**
 * One item exactly as `print` returned it: `.id`, `comment`, `disabled`, `dynamic`, every property including the
 * defaults the router prints, and read-only ones (bytes, active, status) that the diff ignores.
 */
export type PrintedItem = Readonly<Record<string, string>>;

/** Items per menu ("/ip/firewall/mangle"), in the router's order. A menu that was not read counts as empty. */
export type CurrentState = Readonly<Record<string, readonly PrintedItem[]>>;

/**
 * An item on the router: by `.id` when it exists now, by its Waymark comment when it is added by the same diff
 * (its id is known only once the add has answered). Foreign items are always referred to by id.
 */
export type ItemRef = { id: string; comment?: string } | { id?: undefined; comment: string };

export type AddStep = {
  kind: "add";
  menu: string;
  comment: string;
  /** Plan properties as the plan spells them, plus `disabled=yes` when the object starts switched off. */
  properties: Record<string, string>;
  /** Absent: appended at the end of the menu. */
  placeBefore?: ItemRef;
};

export type SetStep = {
  kind: "set";
  menu: string;
  target: { id: string; comment: string };
  /** Values to send (from the plan; "" for a switch). */
  set: Record<string, string>;
  /** Properties to clear: Waymark did not ask for them. */
  unset: string[];
  /** What the router printed before, for every name in `set` and `unset`; null = it was not set. */
  previous: Record<string, string | null>;
};

export type MoveStep = {
  kind: "move";
  menu: string;
  target: { id: string; comment: string };
  /** Absent: to the end of the table. */
  before?: ItemRef;
  /** The item that followed it just before this move (absent: it was last), to move it back. */
  previousBefore?: ItemRef;
};

export type RemoveStep = {
  kind: "remove";
  menu: string;
  target: { id: string; comment: string };
  /** Settable properties as printed (comment and disabled included), to re-create it. */
  previous: Record<string, string>;
  /** The item that followed it just before the removal (absent: it was last). */
  previousBefore?: ItemRef;
};

export type DiffStep = AddStep | SetStep | MoveStep | RemoveStep;

export type DiffOptions = { version: "6" | "7" };
