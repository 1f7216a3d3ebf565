import "server-only";
import type { Device } from "@/lib/db/generated/sqlite/client";
import { compileSite, type SiteDevice, type SiteIntent, type SitePlan } from "@/lib/domain/site";
import { ValidationError } from "../errors";
import type { Tx } from "../serializable";
import type { MemberInspection } from "./inspect-members";

/** The intent's member devices, in its order; a member naming no device of the inventory is refused by its path. */
export async function memberDevices(db: Tx, intent: SiteIntent): Promise<Device[]> {
  const rows = await db.device.findMany({ where: { id: { in: intent.members.map((m) => m.device) } } });
  return intent.members.map((member, index) => {
    const device = rows.find((d) => d.id === member.device);
    if (!device) throw new ValidationError(`members.${index}.device: there is no device with id ${JSON.stringify(member.device)}`);
    return device;
  });
}

/** The site compiled for what each member's inspection found (offline: nothing, so the compiler plans blind). */
export function compileForInspections(
  name: string,
  intent: SiteIntent,
  devices: readonly Device[],
  inspections: ReadonlyMap<string, MemberInspection>,
): SitePlan {
  const known = new Map<string, SiteDevice>(
    devices.map((d) => [d.id, { id: d.id, name: d.name, capabilities: inspections.get(d.id)?.inspection?.capabilities ?? null }]),
  );
  return compileSite(name, intent, known);
}
