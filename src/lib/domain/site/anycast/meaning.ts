import type { AnycastServer, AnycastSite } from "../intent";
import { STANDBY_LOCAL_PREF } from "./bird";

// The site in the network engineer's words, for the preview: who shares the address, who waits, what takes a
// server out and how fast.

export function anycastMeaning(site: AnycastSite, nameOf: (device: string) => string): string[] {
  const servers = site.members.filter((m): m is AnycastServer => m.role === "anycast-server");
  const edge = site.members.find((m) => m.role === "anycast-edge");
  const edgeName = edge ? nameOf(edge.device) : "the edge";
  const preferred = servers.filter((s) => s.preference === "preferred").map((s) => nameOf(s.device));
  const standby = servers.filter((s) => s.preference === "standby").map((s) => nameOf(s.device));
  const c = site.check;
  const detectMs = site.bfd.intervalMs * site.bfd.multiplier;
  const lines = [
    preferred.length === 1
      ? `${preferred[0]} announces ${site.address} to ${edgeName} alone`
      : `${list(preferred)} share ${site.address} by ECMP at ${edgeName}`,
  ];
  if (standby.length > 0) {
    lines[0] += `; ${list(standby)} ${standby.length === 1 ? "is" : "are"} standby (local preference ${STANDBY_LOCAL_PREF}) and ${standby.length === 1 ? "takes" : "take"} traffic only when ${preferred.length === 1 ? `${preferred[0]} is` : preferred.length === 2 ? "both are" : `all ${preferred.length} are`} gone`;
  }
  const check = c.type === "http" ? `HTTP GET ${c.path} on port ${c.port} answering ${c.expectStatus}` : `a TCP connection to port ${c.port}`;
  lines.push(
    `each server checks ${check} on itself every ${ms(c.intervalMs)}: ${c.downCount} failure${c.downCount === 1 ? "" : "s"} in a row withdraw its route at once, ${c.upCount} success${c.upCount === 1 ? "" : "es"} announce it again`,
    `a silent server is dropped after ${ms(detectMs)} of BFD silence (${ms(site.bfd.intervalMs)} × ${site.bfd.multiplier}); without BFD it would take up to the ${site.holdTimeSec} s hold time`,
    `${edgeName} hashes flows by addresses and ports, so one connection stays on one server; when a server leaves, some connections of the others may move too (hash-threshold ECMP)`,
  );
  return lines;
}

function list(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function ms(value: number): string {
  return value >= 1000 && value % 1000 === 0 ? `${value / 1000} s` : `${value} ms`;
}
