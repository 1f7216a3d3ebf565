import "server-only";

// Applies diff steps over one API connection, remembering what each one did (the ids the router gave new items),
// so that the applied prefix can be undone exactly, in reverse, over the same connection.

import type { DiffStep, ItemRef } from "@/lib/domain/diff/routeros";

import type { RouterOsClient } from "../api-client";
import { addItem, moveItem, removeItems, setItem, unsetItem } from "./commands";

const SWITCHES: ReadonlySet<string> = new Set(["fib", "blackhole"]);

/** Ids the router handed out during this push: new items by comment, re-created items by their old id. */
export class IdBook {
  readonly #byComment = new Map<string, string>();
  readonly #renamed = new Map<string, string>();

  added(comment: string, id: string): void {
    this.#byComment.set(comment, id);
  }

  recreated(oldId: string, newId: string): void {
    this.#renamed.set(oldId, newId);
  }

  forget(comment: string): void {
    this.#byComment.delete(comment);
  }

  resolve(ref: ItemRef | undefined): string | undefined {
    if (ref === undefined) return undefined;
    if (ref.id !== undefined) return this.#renamed.get(ref.id) ?? ref.id;
    const id = this.#byComment.get(ref.comment);
    if (id === undefined) throw new Error(`no id for ${ref.comment}: it was not added by this push`);
    return id;
  }
}

export const describeStep = (step: DiffStep): string => {
  const what = step.kind === "add" ? step.comment : step.target.comment;
  return `${step.kind} ${step.menu} ${what}`;
};

export async function applyStep(client: RouterOsClient, step: DiffStep, ids: IdBook): Promise<void> {
  switch (step.kind) {
    case "add": {
      const id = await addItem(client, step.menu, { ...step.properties, comment: step.comment }, ids.resolve(step.placeBefore));
      ids.added(step.comment, id);
      return;
    }
    case "set": {
      const target = ids.resolve(step.target)!;
      if (Object.keys(step.set).length > 0) await setItem(client, step.menu, target, step.set);
      for (const name of step.unset) await unsetItem(client, step.menu, target, name);
      return;
    }
    case "move":
      return moveItem(client, step.menu, ids.resolve(step.target)!, ids.resolve(step.before));
    case "remove":
      return removeItems(client, step.menu, [ids.resolve(step.target)!]);
  }
}

const isSwitchOn = (value: string): boolean => value === "" || value === "true" || value === "yes";

/** Puts back what `step` changed; the values sent are the ones the router printed before the push. */
export async function undoStep(client: RouterOsClient, step: DiffStep, ids: IdBook): Promise<void> {
  switch (step.kind) {
    case "add": {
      await removeItems(client, step.menu, [ids.resolve({ comment: step.comment })!]);
      ids.forget(step.comment);
      return;
    }
    case "set": {
      const target = ids.resolve(step.target)!;
      const restore: Record<string, string> = {};
      const clear: string[] = [];
      for (const [name, before] of Object.entries(step.previous)) {
        if (before === null || (SWITCHES.has(name) && !isSwitchOn(before))) clear.push(name);
        else restore[name] = SWITCHES.has(name) ? "" : before;
      }
      if (Object.keys(restore).length > 0) await setItem(client, step.menu, target, restore);
      for (const name of clear) await unsetItem(client, step.menu, target, name);
      return;
    }
    case "move":
      return moveItem(client, step.menu, ids.resolve(step.target)!, ids.resolve(step.previousBefore));
    case "remove": {
      const props = Object.fromEntries(Object.entries(step.previous).map(([name, value]) => [name, SWITCHES.has(name) ? "" : value]));
      const id = await addItem(client, step.menu, props, ids.resolve(step.previousBefore));
      ids.recreated(step.target.id, id);
      return;
    }
  }
}
