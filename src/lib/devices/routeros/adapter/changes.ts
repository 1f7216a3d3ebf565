// What a push of this plan would change on the router as inspection found it: the very diff the push applies
// (domain/diff/routeros), one item per step, named by menu and comment and said in the admin's words.

import type { RouterOsObject, RouterOsPlan } from "@/lib/domain/compile/routeros";
import { toDeviceChanges, type DeviceChangeItem, type DeviceChanges } from "@/lib/domain/device/changes";
import { diffRouterOs, type CurrentState, type DiffStep } from "@/lib/domain/diff/routeros";

import { commentId, describeObject } from "./describe";

export function routerChanges(plan: RouterOsPlan, current: CurrentState): DeviceChanges {
  const byComment = new Map(plan.objects.map((o) => [o.comment, o]));
  const steps = diffRouterOs(plan.objects, current, { version: plan.version });
  return toDeviceChanges(steps.map((step) => itemOf(step, byComment)));
}

function itemOf(step: DiffStep, objects: ReadonlyMap<string, RouterOsObject>): DeviceChangeItem {
  const comment = step.kind === "add" ? step.comment : step.target.comment;
  const words = describeObject(commentId(comment), objects.get(comment)).what;
  const named = `${step.menu} ${comment} (${words})`;
  switch (step.kind) {
    case "add":
      return { op: "add", what: named };
    case "set": {
      const properties = [...Object.keys(step.set), ...step.unset];
      return { op: "change", what: `${named}: ${properties.join(", ")}` };
    }
    case "move":
      // The admin moved Waymark's rule out of plan order; the push moves it back.
      return { op: "change", what: `${named}: moved back into Waymark's order` };
    case "remove":
      return { op: "remove", what: named };
  }
}
