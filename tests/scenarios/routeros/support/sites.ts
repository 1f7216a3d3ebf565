// The routers the scenarios run on: the demo's own "someone else's router" exports (src/simulator/routeros/demo),
// each with two ISPs on wan1/wan2, an office LAN on lan0 and the admin's own rules, plus what Waymark's intent
// says about them. ether4 stays free for a backup (LTE) link.

import { readFileSync } from "node:fs";

import type { IntentInput } from "@/lib/domain/intent";

export type SiteLink = { name: string; interface: string; gateway: string; address: string };

export type Site = {
  /** Major version of the plan this site takes. */
  major: "6" | "7";
  /** RouterOS version the simulator runs unless a scenario asks for another. */
  version: string;
  bootExport: string;
  lan: { interface: string; cidr: string /** "192.168.10." — a host is prefix + number. */; prefix: string };
  a: SiteLink;
  b: SiteLink;
  /** A third link for a backup tier: not configured by the export, added by `addBackupAddress`. */
  backup: SiteLink;
};

const demo = (file: string) => readFileSync(new URL(`../../../../src/simulator/routeros/demo/${file}`, import.meta.url), "utf8");

/** edge-7.rsc: 7.16.2, wan1 198.51.100.2/24, wan2 203.0.113.2/24, lan0 192.168.10.1/24. */
export const EDGE_7: Site = {
  major: "7",
  version: "7.16.2",
  bootExport: demo("edge-7.rsc"),
  lan: { interface: "lan0", cidr: "192.168.10.0/24", prefix: "192.168.10." },
  a: { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", address: "198.51.100.2" },
  b: { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", address: "203.0.113.2" },
  backup: { name: "lte", interface: "ether4", gateway: "100.64.0.1", address: "100.64.0.2" },
};

/** branch-6.rsc: 6.49.10, wan1 198.51.100.34/28, wan2 203.0.113.66/28, lan0 192.168.20.1/24. */
export const BRANCH_6: Site = {
  major: "6",
  version: "6.49.10",
  bootExport: demo("branch-6.rsc"),
  lan: { interface: "lan0", cidr: "192.168.20.0/24", prefix: "192.168.20." },
  a: { name: "isp-a", interface: "wan1", gateway: "198.51.100.33", address: "198.51.100.34" },
  b: { name: "isp-b", interface: "wan2", gateway: "203.0.113.65", address: "203.0.113.66" },
  backup: { name: "lte", interface: "ether4", gateway: "100.64.0.1", address: "100.64.0.2" },
};

export const SITES = [EDGE_7, BRANCH_6] as const;

/** Probe targets beyond each ISP (TEST-NET-1): each is host-routed through its own link by the plan. */
export const PROBE_A = "192.0.2.10";
export const PROBE_B = "192.0.2.11";

/** The classic dual-WAN intent for a site: 3:1, each link probed beyond its ISP, flush on failover. */
export const dualWanIntent = (site: Site, edit: (intent: IntentInput) => void = () => {}): IntentInput => {
  const intent: IntentInput = {
    links: [
      { name: site.a.name, interface: site.a.interface, gateway: site.a.gateway, weight: 3, probe: { targets: [PROBE_A] } },
      { name: site.b.name, interface: site.b.interface, gateway: site.b.gateway, weight: 1, probe: { targets: [PROBE_B] } },
    ],
    outbound: { lanInterfaces: [site.lan.interface], lanSources: [site.lan.cidr] },
  };
  edit(intent);
  return intent;
};

/** An internet address for the i-th distinct destination (198.18.0.0/15, the benchmarking range). */
export const internetHost = (i: number, block = 0): string => `198.${18 + block}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
