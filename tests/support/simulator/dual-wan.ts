// Test fixture: the classic dual-WAN PCC router (PCC manual page, reference §2.1), configured over the API.
// lan0 192.168.0.1/16, wan1 198.51.100.2/24 (gateway .1), wan2 203.0.113.2/24 (gateway .1); per-link routing
// tables (v7) or routing marks (v6) "to-isp-a" / "to-isp-b", masquerade on both WANs.

import type { TestRouter } from "./harness";

export const INTERFACES = ["wan1", "wan2", "lan0"];
export const GW_A = "198.51.100.1";
export const GW_B = "203.0.113.1";
export const WAN_A = "198.51.100.2";
export const WAN_B = "203.0.113.2";

export type Link = "a" | "b";
export const TABLE: Readonly<Record<Link, string>> = { a: "to-isp-a", b: "to-isp-b" };
export const WAN_OF: Readonly<Record<Link, string>> = { a: "wan1", b: "wan2" };

const isV7 = (r: TestRouter) => !r.sim.device.version.startsWith("6.");

/** Addresses, tables, one default route per link table (and main via A), masquerade. Returns route ids. */
export const dualWan = async (r: TestRouter, routeExtras: Record<string, string> = {}) => {
  await r.add("ip/address", { address: "192.168.0.1/16", interface: "lan0" });
  await r.add("ip/address", { address: `${WAN_A}/24`, interface: "wan1" });
  await r.add("ip/address", { address: `${WAN_B}/24`, interface: "wan2" });
  const tableKey = isV7(r) ? "routing-table" : "routing-mark";
  if (isV7(r)) {
    await r.add("routing/table", { name: TABLE.a, fib: "" });
    await r.add("routing/table", { name: TABLE.b, fib: "" });
  }
  const routeA = await r.add("ip/route", { gateway: GW_A, [tableKey]: TABLE.a, comment: "route:a", ...routeExtras });
  const routeB = await r.add("ip/route", { gateway: GW_B, [tableKey]: TABLE.b, comment: "route:b", ...routeExtras });
  await r.add("ip/route", { gateway: GW_A, comment: "main" });
  await r.add("ip/firewall/nat", { chain: "srcnat", action: "masquerade", "out-interface": "wan1" });
  await r.add("ip/firewall/nat", { chain: "srcnat", action: "masquerade", "out-interface": "wan2" });

  return { routeA, routeB };
};

/** PCC mark-connection per remainder (`links[i]` takes remainder i) plus the mark-routing pair. */
export const pcc = async (r: TestRouter, classifier: string, links: readonly Link[]) => {
  const ids: string[] = [];
  for (const [remainder, link] of links.entries()) {
    ids.push(
      await r.add("ip/firewall/mangle", {
        chain: "prerouting",
        action: "mark-connection",
        "connection-mark": "no-mark",
        "connection-state": "new",
        "dst-address-type": "!local",
        "in-interface": "lan0",
        "new-connection-mark": TABLE[link],
        "per-connection-classifier": `${classifier}:${links.length}/${remainder}`,
      }),
    );
  }
  for (const link of ["a", "b"] as const) {
    ids.push(
      await r.add("ip/firewall/mangle", {
        chain: "prerouting",
        action: "mark-routing",
        "connection-mark": TABLE[link],
        "in-interface": "lan0",
        "new-routing-mark": TABLE[link],
        passthrough: "no",
      }),
    );
  }

  return ids;
};

/** The i-th of many LAN clients (192.168.x.y). */
export const client = (i: number) => `192.168.${Math.floor(i / 250) + 1}.${(i % 250) + 2}`;

/** The i-th of many internet destinations. */
export const server = (i: number) => `198.18.${Math.floor(i / 250) % 256}.${(i % 250) + 1}`;
