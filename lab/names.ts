import { randomBytes } from "node:crypto";

// Every lab resource name embeds the owning process id (base 36), so a later run can tell a crashed
// run's leftovers (dead pid) from a parallel run's live resources.
// Interface names are capped at 15 characters: "wml" + pid(<=5) + "-" + rand(3) + index(<=2) + side(1).
const PREFIX = "wml";
const OWNED = /^wml([0-9a-z]{1,5})-[0-9a-z]{3}/;

const usedTags = new Set<string>();

export function newLabTag(pid = process.pid): string {
  for (;;) {
    const rand = (randomBytes(4).readUInt32BE(0) % 36 ** 3).toString(36).padStart(3, "0");
    const tag = `${pid.toString(36)}-${rand}`;
    if (!usedTags.has(tag)) {
      usedTags.add(tag);
      return tag;
    }
  }
}

export function namespaceName(tag: string, role: string): string {
  if (!/^[a-z][a-z0-9]{0,15}$/.test(role)) throw new Error(`lab: bad node role ${JSON.stringify(role)}`);
  return `${PREFIX}${tag}-${role}`;
}

export function linkName(tag: string, index: number, side: "a" | "b"): string {
  if (index < 0 || index >= 36 ** 2) throw new Error("lab: too many links in one lab");
  const name = `${PREFIX}${tag}${index.toString(36)}${side}`;
  if (name.length > 15) throw new Error(`lab: interface name too long: ${name}`);
  return name;
}

/** The pid that owns a lab resource name, or null when the name is not one of ours. */
export function ownerPidOf(name: string): number | null {
  const match = OWNED.exec(name);
  return match?.[1] ? parseInt(match[1], 36) : null;
}

export function ownerPidOfTag(tag: string): number | null {
  return ownerPidOf(`${PREFIX}${tag}`);
}
