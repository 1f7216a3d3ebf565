import type { Capabilities } from "../../device/capabilities";
import type { PlanWarning } from "../../plan";
import type { SiteDevice } from "../compile";
import type { AnycastEdge, AnycastServer, AnycastSite, MemberRole } from "../intent";
import type { AnycastEdgePlan, AnycastServerPlan, MemberFile, SitePlan } from "../member-plan";
import { edgeBirdConfig, serverBirdConfig, type EdgePeer } from "./bird";
import { edgeCounters, edgeSysctls, healthConfig, serverCounters } from "./files";
import { anycastNames, BIRD_INTERFACE, serverProtocols } from "./layout";
import { anycastMeaning } from "./meaning";

// An anycast site → one plan per member (pure, byte-identical for the same input): each server gets its BIRD
// configuration, its health daemon's and its counters table; the edge gets its BIRD configuration, its counters per
// next hop and its sysctl. What a member cannot do is an "error" warning on it and a null plan, never a throw.

type Member = SitePlan["members"][number];

export function compileAnycastSite(name: string, intent: AnycastSite, devices: ReadonlyMap<string, SiteDevice>): SitePlan {
  const servers = intent.members.filter((m): m is AnycastServer => m.role === "anycast-server");
  const edge = intent.members.find((m): m is AnycastEdge => m.role === "anycast-edge");
  const nameOf = (device: string) => devices.get(device)?.name ?? device;
  const protocols = serverProtocols(
    name,
    servers.map((s) => nameOf(s.device)),
  );
  const peers: EdgePeer[] = servers.map((server, i) => ({ server, protocol: protocols[i] ?? `wm_server_${i + 1}`, deviceName: nameOf(server.device) }));
  const members = intent.members.map((member): Member => {
    const device = devices.get(member.device);
    const warnings = [...roleWarnings(member.device, member.role, device), ...placeWarnings(intent, member, device, nameOf)];
    const fatal = warnings.some((w) => w.severity === "error") || !edge;
    if (member.role === "anycast-server") {
      return {
        device: member.device,
        role: member.role,
        warnings,
        plan: fatal || !edge ? null : serverPlan(name, intent, member, edge.asn, nameOf(member.device)),
      };
    }
    return { device: member.device, role: member.role, warnings, plan: fatal ? null : edgePlan(name, intent, member, peers, nameOf(member.device)) };
  });
  return { site: name, kind: "anycast", members, meaning: anycastMeaning(intent, nameOf) };
}

function serverPlan(site: string, intent: AnycastSite, server: AnycastServer, edgeAsn: number, deviceName: string): AnycastServerPlan {
  const n = anycastNames(site);
  const files: MemberFile[] = [
    { path: server.bird.configFile, what: "BIRD configuration (the whole file)", content: serverBirdConfig(site, intent, server, edgeAsn, deviceName) },
    { path: n.healthConfig, what: "health check daemon configuration", content: healthConfig(site, intent, server) },
    { path: n.countersFile, what: `nftables table inet ${n.nftTable} (served packets)`, content: serverCounters(site, intent) },
  ];
  return { role: "anycast-server", site, address: intent.address, bird: { ...server.bird }, files };
}

function edgePlan(site: string, intent: AnycastSite, edge: AnycastEdge, peers: readonly EdgePeer[], deviceName: string): AnycastEdgePlan {
  const n = anycastNames(site);
  const counted = peers.map((p) => ({ protocol: p.protocol, address: p.server.address }));
  const files: MemberFile[] = [
    { path: edge.bird.configFile, what: "BIRD configuration (the whole file)", content: edgeBirdConfig(site, intent, edge.asn, peers, deviceName) },
    { path: n.countersFile, what: `nftables table inet ${n.nftTable} (forwarded per server)`, content: edgeCounters(site, intent, counted) },
    { path: n.sysctlFile, what: "kernel settings (ECMP hashing by addresses and ports)", content: edgeSysctls(site) },
  ];
  return {
    role: "anycast-edge",
    site,
    address: intent.address,
    bird: { ...edge.bird },
    servers: peers.map((p) => ({ device: p.server.device, protocol: p.protocol, address: p.server.address, standby: p.server.preference === "standby" })),
    files,
  };
}

const error = (code: string, message: string): PlanWarning => ({ code, severity: "error", message });

/** The device can take the role: Linux with BIRD 2 and what the role's daemons need (capabilities.siteRoles). */
export function roleWarnings(deviceId: string, role: MemberRole, device: SiteDevice | undefined): PlanWarning[] {
  if (!device) return [error("site-device-unknown", `device ${deviceId} is not in the inventory`)];
  const capabilities = device.capabilities;
  // Offline preview: compiled without asking; the push inspects and refuses what the device cannot do.
  if (capabilities === null) return [];
  if (capabilities.firewall === "routeros") {
    return [error("site-role-unavailable", `${device.name} is a RouterOS router: it cannot run BIRD and Waymark's site daemons; site members are Linux hosts`)];
  }
  const support = capabilities.siteRoles.find((r) => r.role === role);
  if (!support) return [error("site-role-unknown", `${device.name}'s last inspection does not say whether it can be ${roleWords(role)}; inspect it again`)];
  if (!support.available) return [error("site-role-unavailable", `${device.name} cannot be ${roleWords(role)}: ${support.why ?? "its inspection says no"}`)];
  return [];
}

const roleWords = (role: MemberRole) =>
  ({ "vip-node": "a shared virtual IP node", "anycast-server": "an anycast server", "anycast-edge": "an anycast edge router" })[role];

/** The addresses and interfaces the intent names are where it says, when inspection found the device's interfaces. */
function placeWarnings(
  site: AnycastSite,
  member: AnycastSite["members"][number],
  device: SiteDevice | undefined,
  nameOf: (id: string) => string,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const capabilities = device?.capabilities ?? null;
  const who = nameOf(member.device);
  if (member.role === "anycast-server") {
    if (!BIRD_INTERFACE.test(member.interface)) {
      warnings.push(
        error("anycast-interface-name", `${who}: BIRD cannot be given the interface name "${member.interface}" (letters, digits and . _ @ : + -, at most 15)`),
      );
    }
    if (capabilities) {
      const iface = capabilities.interfaces.find((i) => i.name === member.interface);
      if (!iface) warnings.push(error("anycast-interface-missing", `${who} has no interface ${member.interface}`));
      else if (!hasAddress(capabilities, member.address, member.interface)) {
        warnings.push(error("anycast-address-missing", `${who}'s ${member.interface} does not hold ${member.address}, the address the edge peers with`));
      }
    }
    return warnings;
  }
  if (capabilities) {
    for (const server of site.members.filter((m): m is AnycastServer => m.role === "anycast-server")) {
      if (!hasAddress(capabilities, server.edgeAddress, null)) {
        warnings.push(error("anycast-address-missing", `${who} holds no address ${server.edgeAddress}, where ${nameOf(server.device)} expects the edge`));
      }
    }
  }
  return warnings;
}

function hasAddress(capabilities: Capabilities, address: string, iface: string | null): boolean {
  return capabilities.interfaces.some((i) => (iface === null || i.name === iface) && i.addresses.some((a) => a.split("/")[0] === address));
}
