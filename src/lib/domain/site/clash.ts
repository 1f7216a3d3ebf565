import type { SiteIntent, SiteMember } from "./intent";

// One device may take part in several sites, but not in two that would write over each other: two anycast roles
// (server or edge) share BIRD's one configuration file and control socket, and two shared-VIP nodes listening for
// heartbeats on one port would hear each other's peers. Pure: the services ask it before a site is saved.

/** Another site's use of a device, as stored. */
export type OtherMembership = { siteName: string; intent: SiteIntent; member: SiteMember };

/** Why `member` of `intent` cannot be on its device beside `other`, in the admin's words; null when they can share it. */
export function membershipClash(intent: SiteIntent, member: SiteMember, other: OtherMembership): string | null {
  const theirs = other.member;
  const site = JSON.stringify(other.siteName);
  if (member.role !== "vip-node" && theirs.role !== "vip-node") {
    if (member.bird.configFile === theirs.bird.configFile)
      return `it already runs BIRD for site ${site} with ${theirs.bird.configFile}; BIRD has one configuration per file, so give this site its own bird.configFile`;
    if (member.bird.controlSocket === theirs.bird.controlSocket)
      return `it already runs BIRD for site ${site} with control socket ${theirs.bird.controlSocket}`;
    return null;
  }
  if (member.role === "vip-node" && theirs.role === "vip-node" && intent.kind === "shared-vip" && other.intent.kind === "shared-vip") {
    if (intent.heartbeat.port === other.intent.heartbeat.port)
      return `it is already a node of site ${site} with heartbeat port ${other.intent.heartbeat.port}; give this site another heartbeat port`;
    if (intent.vip === other.intent.vip) return `it already answers ${intent.vip} as a node of site ${site}`;
  }
  return null;
}
