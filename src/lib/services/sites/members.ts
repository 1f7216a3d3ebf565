import "server-only";
import { membershipClash, type SiteIntent } from "@/lib/domain/site";
import { ConflictError, ValidationError } from "../errors";
import type { Tx } from "../serializable";
import { storedIntent } from "./internal";

// A site's members are rows beside its intent (SiteMember), so a device knows its sites and cannot be deleted
// from under one. Saving a site keeps them in step: run inside the saving transaction, after the checks below.

/** Every member names a device of the inventory, and none takes a role another site already holds on it. */
export async function checkMembers(tx: Tx, siteId: string | null, intent: SiteIntent): Promise<void> {
  const ids = intent.members.map((m) => m.device);
  const devices = await tx.device.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(devices.map((d) => [d.id, d.name]));
  intent.members.forEach((member, index) => {
    if (!names.has(member.device)) throw new ValidationError(`members.${index}.device: there is no device with id ${JSON.stringify(member.device)}`);
  });
  const elsewhere = await tx.siteMember.findMany({
    where: { deviceId: { in: ids }, ...(siteId ? { siteId: { not: siteId } } : {}) },
    include: { site: { select: { name: true, intent: true } } },
  });
  for (const other of elsewhere) {
    const otherIntent = storedIntent(other.site);
    // A device that left the other site keeps only its applied plan there until that site's next push removes it.
    const theirs = otherIntent.members.find((m) => m.device === other.deviceId);
    const member = intent.members.find((m) => m.device === other.deviceId);
    if (!theirs || !member) continue;
    const clash = membershipClash(intent, member, { siteName: other.site.name, intent: otherIntent, member: theirs });
    if (clash) throw new ConflictError(`device ${JSON.stringify(names.get(member.device))} cannot be a ${member.role} here: ${clash}`);
  }
}

/**
 * Adds a row for each new member, follows a role change of a member not pushed yet, and drops the rows of devices
 * that left unless their plan is still on them (the next push or the removal takes it off, then the row goes).
 */
export async function syncMembers(tx: Tx, siteId: string, intent: SiteIntent): Promise<void> {
  const rows = await tx.siteMember.findMany({ where: { siteId }, include: { device: { select: { name: true } } } });
  for (const member of intent.members) {
    const row = rows.find((r) => r.deviceId === member.device);
    if (!row) {
      await tx.siteMember.create({ data: { siteId, deviceId: member.device, role: member.role } });
    } else if (row.role !== member.role) {
      if (row.appliedHash !== null)
        throw new ConflictError(
          `device ${JSON.stringify(row.device.name)} still runs this site's ${row.role} plan; take the site off its devices before making it a ${member.role}`,
        );
      await tx.siteMember.update({ where: { siteId_deviceId: { siteId, deviceId: row.deviceId } }, data: { role: member.role } });
    }
  }
  const gone = rows.filter((r) => r.appliedHash === null && !intent.members.some((m) => m.device === r.deviceId)).map((r) => r.deviceId);
  if (gone.length > 0) await tx.siteMember.deleteMany({ where: { siteId, deviceId: { in: gone } } });
}
