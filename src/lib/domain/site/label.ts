import type { SiteMember } from "./intent";

/** A member's part in the site in the admin's words: "shared VIP node 2", "anycast server (standby)", "anycast edge". */
export function roleWords(member: SiteMember): string {
  switch (member.role) {
    case "vip-node":
      return `shared VIP node ${member.nodeId}`;
    case "anycast-server":
      return member.preference === "standby" ? "anycast server (standby)" : "anycast server";
    case "anycast-edge":
      return "anycast edge";
    default: {
      const unknownRole: never = member;
      throw new Error(`no words for ${JSON.stringify(unknownRole)}`);
    }
  }
}

/** What a member's plan is compiled for, as the preview heads it: "Linux · shared VIP node 2". */
export function memberLabel(deviceKind: "linux" | "routeros", member: SiteMember): string {
  return `${deviceKind === "linux" ? "Linux" : "MikroTik RouterOS"} · ${roleWords(member)}`;
}
