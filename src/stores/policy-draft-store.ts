"use client";
import { create } from "zustand";

// The policy page's staged draft: the intent the admin is building (visual builder and Advanced JSON edit the same
// object), the saved policy it started from, and whether it came from an older revision (a revert). Nothing here is
// sent until "Review & push"; the policy itself lives on the server. `unsaved` tells the push panel that what it
// would push (the saved policy) is not what the admin is looking at.

/** A path into the draft, as zod reports issues: ["links", 0, "probe", "targets", 1]. */
export type DraftPath = readonly (string | number)[];
type Json = unknown;

export type SavedPolicy = { intent: Json; revision: number } | null;

type PolicyDraftState = {
  unsaved: Record<string, boolean>;
  deviceId: string | null;
  /** The saved policy the draft is measured against ("Discard edits" goes back to it). */
  saved: SavedPolicy;
  /** What the builder shows when nothing is saved yet (an example for the admin to change). */
  starter: Json;
  draft: Json;
  /** The draft was loaded from this older revision (history's "Revert to this"). */
  revertFrom: number | null;
  /** The device's interfaces, once read from it ("Read interfaces from the device"); null: type the names. */
  interfaces: { name: string; words: string }[] | null;
  /** The ?from= revision already staged once: after a discard or a save it is not staged again on a refresh. */
  fromSeen: number | null;
};

export const usePolicyDraftStore = create<PolicyDraftState>(() => ({
  unsaved: {},
  deviceId: null,
  saved: null,
  starter: null,
  draft: null,
  revertFrom: null,
  interfaces: null,
  fromSeen: null,
}));

export function setPolicyUnsaved(deviceId: string, unsaved: boolean): void {
  usePolicyDraftStore.setState((s) => (s.unsaved[deviceId] === unsaved ? s : { unsaved: { ...s.unsaved, [deviceId]: unsaved } }));
}

export function useHasUnsavedPolicy(deviceId: string): boolean {
  return usePolicyDraftStore((s) => s.unsaved[deviceId] === true);
}

const copy = (value: Json): Json => (value === undefined ? undefined : structuredClone(value));

/**
 * Starts (or restarts) the draft for a device: from `from` (a revision being reverted to) when given, else the
 * saved policy, else the starter. A newer saved policy for the same device (after a save) restarts it only when the
 * admin has nothing staged, so a refresh never eats their edits.
 */
export function loadDraft(deviceId: string, saved: SavedPolicy, starter: Json, from?: { revision: number; intent: Json }): void {
  usePolicyDraftStore.setState((s) => {
    const sameDevice = s.deviceId === deviceId;
    const freshFrom = from !== undefined && !(sameDevice && s.fromSeen === from.revision) ? from : undefined;
    if (sameDevice && s.saved?.revision === saved?.revision && freshFrom === undefined) return s;
    const fromSeen = from?.revision ?? null;
    const interfaces = sameDevice ? s.interfaces : null;
    if (freshFrom) return { deviceId, saved, starter, draft: copy(freshFrom.intent), revertFrom: freshFrom.revision, fromSeen, interfaces };
    if (sameDevice && isStaged(s)) return { saved, starter, fromSeen };
    return { deviceId, saved, starter, draft: copy(saved?.intent ?? starter), revertFrom: null, fromSeen, interfaces };
  });
}

/** The draft differs from what is saved (or, with nothing saved, from the starter). */
export function isStaged(s: Pick<PolicyDraftState, "draft" | "saved" | "starter">): boolean {
  return JSON.stringify(s.draft) !== JSON.stringify(s.saved?.intent ?? s.starter);
}

export function useIsStaged(): boolean {
  return usePolicyDraftStore((s) => isStaged(s) || s.revertFrom !== null);
}

export function replaceDraft(draft: Json): void {
  usePolicyDraftStore.setState({ draft: copy(draft) });
}

export function discardDraft(): void {
  usePolicyDraftStore.setState((s) => ({ draft: copy(s.saved?.intent ?? s.starter), revertFrom: null }));
}

/** After a save: what was stored (defaults filled in) is the new baseline and the draft. */
export function markSaved(saved: { intent: Json; revision: number }): void {
  usePolicyDraftStore.setState({ saved, draft: copy(saved.intent), revertFrom: null });
}

export function valueAt(root: Json, path: DraftPath): Json {
  let at: Json = root;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string | number, Json>)[key];
  }
  return at;
}

/** An immutable update of the value at `path`; `undefined` removes an object's key (the schema's default applies). */
function updateAt(root: Json, path: DraftPath, update: (current: Json) => Json): Json {
  if (path.length === 0) return update(root);
  const [key, ...rest] = path;
  if (typeof key === "number") {
    const list = Array.isArray(root) ? [...root] : [];
    list[key] = updateAt(list[key], rest, update);
    return list;
  }
  const object = root !== null && typeof root === "object" && !Array.isArray(root) ? { ...(root as Record<string, Json>) } : {};
  const next = updateAt(object[key as string], rest, update);
  if (next === undefined) delete object[key as string];
  else object[key as string] = next;
  return object;
}

export function setAt(path: DraftPath, value: Json): void {
  usePolicyDraftStore.setState((s) => ({ draft: updateAt(s.draft, path, () => value) }));
}

export function appendAt(path: DraftPath, item: Json): void {
  usePolicyDraftStore.setState((s) => ({ draft: updateAt(s.draft, path, (list) => [...(Array.isArray(list) ? list : []), item]) }));
}

/** Removes one item of a list; a list left empty is removed when `dropEmpty` (an optional section goes away). */
export function removeAt(path: DraftPath, index: number, dropEmpty = false): void {
  usePolicyDraftStore.setState((s) => ({
    draft: updateAt(s.draft, path, (list) => {
      const next = (Array.isArray(list) ? list : []).filter((_, i) => i !== index);
      return dropEmpty && next.length === 0 ? undefined : next;
    }),
  }));
}

export function moveAt(path: DraftPath, from: number, to: number): void {
  usePolicyDraftStore.setState((s) => ({
    draft: updateAt(s.draft, path, (list) => {
      const next = Array.isArray(list) ? [...list] : [];
      if (from < 0 || to < 0 || from >= next.length || to >= next.length) return list;
      const [moved] = next.splice(from, 1);
      next.splice(to, 0, moved);
      return next;
    }),
  }));
}

export function useDraftValue<T = Json>(path: DraftPath): T | undefined {
  return usePolicyDraftStore((s) => valueAt(s.draft, path) as T | undefined);
}

export function setDeviceInterfaces(interfaces: { name: string; words: string }[]): void {
  usePolicyDraftStore.setState({ interfaces });
}
