import { z } from "zod";
import type { DeviceInterface, DeviceRoute } from "@/lib/domain/device/capabilities";

// iproute2's JSON output (`ip -j`), as the kernel's netlink answers put it. iproute2 has no separate schema: the
// keys are those of ip-address(8) and ip-route(8), printed by ip/ipaddress.c and ip/iproute.c. Only the keys read
// here are declared; everything else (and any key a newer iproute2 adds) passes through unread.

// `ip -j addr show`, one object per link (ip-address(8), "ip address show"):
//   flags      the link flags: UP is IFF_UP (enabled), LOWER_UP is IFF_LOWER_UP (carrier); a cable-less or
//              peer-less link shows NO-CARRIER and lacks LOWER_UP
//   link_type  "ether", "loopback", "ppp", "none" (tun, wireguard)…
//   addr_info  family "inet" (IPv4) / "inet6"; `local` is the interface's address, `prefixlen` its prefix;
//              `address` is the peer of a point-to-point address (`ip addr add A peer P/32`); `dynamic: true` when
//              the address has a lifetime (set by a DHCP client), absent for permanent (static) ones.
//
// Real sample (the lab gateway, Debian 12, iproute2-6.1.0, inet6 entries and some keys trimmed), then one from a
// scratch namespace with a cable-less link, a peer address and an address with a lifetime:
//
//   [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"operstate":"UNKNOWN","link_type":"loopback",
//     "addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo",…}]},
//    {"ifindex":2,"link_index":2,"ifname":"wan1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,
//     "operstate":"UP","link_type":"ether","address":"0a:7c:1c:c8:3f:e1",
//     "addr_info":[{"family":"inet","local":"198.51.100.2","prefixlen":30,"scope":"global","label":"wan1",
//                   "valid_life_time":4294967295,"preferred_life_time":4294967295},
//                  {"family":"inet6","local":"fe80::87c:1cff:fec8:3fe1","prefixlen":64,"scope":"link",…}]},
//    {"ifindex":4,"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"operstate":"UP",
//     "addr_info":[{"family":"inet","local":"192.168.10.1","prefixlen":24,"scope":"global","label":"lan0",…}]}]
//
//   [{"ifindex":3,"link":"wan9p","ifname":"wan9","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],
//     "operstate":"LOWERLAYERDOWN","link_type":"ether",
//     "addr_info":[{"family":"inet","local":"100.64.0.9","address":"100.64.0.1","prefixlen":32,"scope":"global",…}]},
//    {"ifindex":5,"ifname":"lan9","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],
//     "addr_info":[{"family":"inet","local":"192.0.2.50","prefixlen":24,"scope":"global","dynamic":true,
//                   "label":"lan9","valid_life_time":3600,"preferred_life_time":3600}]}]

const ZAddrInfo = z.looseObject({
  family: z.string(),
  local: z.string().optional(),
  address: z.string().optional(),
  prefixlen: z.number().int().min(0).max(128).optional(),
  dynamic: z.boolean().optional(),
});

const ZIpLink = z.looseObject({
  ifname: z.string().min(1),
  flags: z.array(z.string()).default([]),
  link_type: z.string().optional(),
  addr_info: z.array(ZAddrInfo).default([]),
});

export function parseIpAddresses(json: string): DeviceInterface[] {
  return z
    .array(ZIpLink)
    .parse(JSON.parse(json))
    .map((link) => {
      const ipv4 = link.addr_info.filter((a) => a.family === "inet" && a.local !== undefined && a.prefixlen !== undefined);
      const peer = ipv4.find((a) => a.address !== undefined && a.address !== a.local)?.address;
      return {
        name: link.ifname,
        up: link.flags.includes("UP") && link.flags.includes("LOWER_UP"),
        addresses: ipv4.map((a) => `${a.local}/${a.prefixlen}`),
        addressing: addressing(
          link.link_type,
          ipv4.length,
          ipv4.some((a) => a.dynamic === true),
        ),
        // The peer of a point-to-point address (pppd's PPPoE session) is the next router.
        ...(peer ? { learnedGateway: peer } : {}),
      };
    });
}

// A lifetime on an address is what a DHCP client leaves (ip-address(8): "valid_lft … the default value is
// forever"); pppd's links are link_type "ppp".
function addressing(linkType: string | undefined, count: number, dynamic: boolean): DeviceInterface["addressing"] {
  if (linkType === "ppp") return "pppoe";
  if (count === 0) return "none";
  return dynamic ? "dhcp" : "static";
}

// `ip -j route show table main` and `ip -j -4 route show table all default` (ip-route(8)): `dst` is a prefix,
// a bare address (a /32 host route, as a peer's) or "default"; `gateway` and `dev` are absent for routes that have
// none (a blackhole); `type` is printed only when it is not "unicast"; `table` only when it is not main.
//
// Real samples (the lab gateway after `ip route replace default via 198.51.100.1 dev wan1`; the scratch namespace):
//
//   [{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]},
//    {"dst":"10.213.1.0/30","dev":"mgmt0","protocol":"kernel","scope":"link","prefsrc":"10.213.1.2","flags":[]},
//    {"dst":"192.168.10.0/24","dev":"lan0","protocol":"kernel","scope":"link","prefsrc":"192.168.10.1","flags":[]},
//    {"dst":"198.51.100.0/30","dev":"wan1","protocol":"kernel","scope":"link","prefsrc":"198.51.100.2","flags":[]}]
//
//   [{"dst":"100.64.0.1","dev":"wan9","protocol":"kernel","scope":"link","prefsrc":"100.64.0.9","flags":["linkdown"]}]
//
//   [{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]}]     (table all default: main's, unnamed)

const ZIpRoute = z.looseObject({
  type: z.string().optional(),
  dst: z.string().min(1),
  gateway: z.string().optional(),
  dev: z.string().optional(),
  table: z.union([z.string(), z.number()]).optional(),
});

export function parseIpRoutes(json: string): DeviceRoute[] {
  return z
    .array(ZIpRoute)
    .parse(JSON.parse(json))
    .filter((r) => r.type === undefined || r.type === "unicast")
    .map((r) => ({
      destination: r.dst === "default" ? "0.0.0.0/0" : r.dst.includes("/") ? r.dst : `${r.dst}/32`,
      gateway: r.gateway ?? null,
      interface: r.dev ?? null,
      table: r.table === undefined ? "main" : String(r.table),
    }));
}

/** Main's routes first, then the default routes of other tables (the main table's own default is listed once). */
export function mergeRoutes(main: DeviceRoute[], defaults: DeviceRoute[]): DeviceRoute[] {
  return [...main, ...defaults.filter((r) => r.table !== "main")];
}

// `ip -j -4 rule show` (ip-rule(8)): `priority`; `src` "all" or an address with `srclen`; `fwmark`/`fwmask` as hex
// strings; `table` for a lookup (a name or a number as a string), `action` for the other kinds ("unreachable",
// "blackhole", "prohibit"); `suppress_prefixlen` for "suppress_prefixlength". Only Waymark's priorities are kept.
//
// Real sample (iproute2-6.1.0, a scratch namespace with Waymark's rules added as a plan adds them):
//
//   [{"priority":0,"src":"all","table":"local"},
//    {"priority":19000,"src":"all","table":"main","suppress_prefixlen":0},
//    {"priority":19001,"src":"all","fwmark":"0x100","fwmask":"0xff00","table":"20001"},
//    {"priority":19090,"src":"all","fwmark":"0xff00","fwmask":"0xff00","action":"unreachable"},
//    {"priority":19091,"src":"10.0.0.0","srclen":8,"action":"blackhole"},
//    {"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]

const ZIpRule = z.looseObject({
  priority: z.number().int().nonnegative(),
  src: z.string().optional(),
  srclen: z.number().int().optional(),
  fwmark: z.string().optional(),
  fwmask: z.string().optional(),
  table: z.union([z.string(), z.number()]).optional(),
  action: z.string().optional(),
  suppress_prefixlen: z.number().int().optional(),
});

/** A rule as `ip rule add pref <pref>` spells the rest of it: "fwmark 0x100/0xff00 lookup 20001". */
export type IpRule = { pref: number; text: string };

export function parseIpRules(json: string, prefs: { min: number; max: number }): IpRule[] {
  return z
    .array(ZIpRule)
    .parse(JSON.parse(json))
    .filter((r) => r.priority >= prefs.min && r.priority <= prefs.max)
    .map((r) => {
      const words: string[] = [];
      if (r.src !== undefined && r.src !== "all") words.push("from", r.srclen === undefined ? r.src : `${r.src}/${r.srclen}`);
      if (r.fwmark !== undefined) words.push("fwmark", r.fwmask === undefined ? r.fwmark : `${r.fwmark}/${r.fwmask}`);
      if (r.table !== undefined) words.push("lookup", String(r.table));
      else if (r.action !== undefined) words.push(r.action);
      if (r.suppress_prefixlen !== undefined) words.push("suppress_prefixlength", String(r.suppress_prefixlen));
      return { pref: r.priority, text: words.join(" ") };
    });
}
