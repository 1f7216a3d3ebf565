import { describe, expect, it } from "vitest";
import { mergeRoutes, parseIpAddresses, parseIpRoutes } from "./parse-ip";

// Verbatim from the lab gateway (Debian 12, iproute2-6.1.0) after `ip route replace default via 198.51.100.1 dev wan1`.
const LAB_ADDR = `[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":2,"link_index":2,"ifname":"wan1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"0a:7c:1c:c8:3f:e1","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet","local":"198.51.100.2","prefixlen":30,"scope":"global","label":"wan1","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::87c:1cff:fec8:3fe1","prefixlen":64,"scope":"link","tentative":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":3,"link_index":2,"ifname":"wan2","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"b2:cc:15:53:1e:4c","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1,"addr_info":[{"family":"inet","local":"203.0.113.2","prefixlen":30,"scope":"global","label":"wan2","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::b0cc:15ff:fe53:1e4c","prefixlen":64,"scope":"link","tentative":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":4,"link_index":2,"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"fa:40:3e:01:6e:13","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":2,"addr_info":[{"family":"inet","local":"192.168.10.1","prefixlen":24,"scope":"global","label":"lan0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::f840:3eff:fe01:6e13","prefixlen":64,"scope":"link","tentative":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":5,"link_index":8,"ifname":"mgmt0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"16:76:24:90:23:c9","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":3,"addr_info":[{"family":"inet","local":"10.213.1.2","prefixlen":30,"scope":"global","label":"mgmt0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::1476:24ff:fe90:23c9","prefixlen":64,"scope":"link","tentative":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]}]`;
const LAB_ROUTES = `[{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]},{"dst":"10.213.1.0/30","dev":"mgmt0","protocol":"kernel","scope":"link","prefsrc":"10.213.1.2","flags":[]},{"dst":"192.168.10.0/24","dev":"lan0","protocol":"kernel","scope":"link","prefsrc":"192.168.10.1","flags":[]},{"dst":"198.51.100.0/30","dev":"wan1","protocol":"kernel","scope":"link","prefsrc":"198.51.100.2","flags":[]},{"dst":"203.0.113.0/30","dev":"wan2","protocol":"kernel","scope":"link","prefsrc":"203.0.113.2","flags":[]}]`;
const LAB_DEFAULTS = `[{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]}]`;
// From a scratch namespace (the two peer ends left out): veths whose peer is down (no carrier), a point-to-point address with a
// peer, an address with a lifetime (as a DHCP client sets it).
const SCRATCH_ADDR = `[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"mtu":65536,"qdisc":"noop","operstate":"DOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[]},{"ifindex":3,"link":"wan9p","ifname":"wan9","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],"mtu":1500,"qdisc":"noqueue","operstate":"LOWERLAYERDOWN","group":"default","txqlen":1000,"link_type":"ether","address":"c2:15:97:3b:4b:ad","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"100.64.0.9","address":"100.64.0.1","prefixlen":32,"scope":"global","label":"wan9","valid_life_time":4294967295,"preferred_life_time":4294967295}]},{"ifindex":5,"link":"lan9p","ifname":"lan9","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP","M-DOWN"],"mtu":1500,"qdisc":"noqueue","operstate":"LOWERLAYERDOWN","group":"default","txqlen":1000,"link_type":"ether","address":"b6:95:73:13:34:3c","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"192.0.2.50","prefixlen":24,"scope":"global","dynamic":true,"label":"lan9","valid_life_time":3600,"preferred_life_time":3600}]}]`;
const SCRATCH_ROUTES = `[{"dst":"100.64.0.1","dev":"wan9","protocol":"kernel","scope":"link","prefsrc":"100.64.0.9","flags":["linkdown"]},{"dst":"192.0.2.0/24","dev":"lan9","protocol":"kernel","scope":"link","prefsrc":"192.0.2.50","flags":["linkdown"]}]`;

describe("[linux] ip -j addr show", () => {
  it("reads each link's IPv4 addresses with their prefix and whether it is up with a carrier", () => {
    expect(parseIpAddresses(LAB_ADDR)).toEqual([
      { name: "lo", up: true, addresses: ["127.0.0.1/8"], addressing: "static" },
      { name: "wan1", up: true, addresses: ["198.51.100.2/30"], addressing: "static" },
      { name: "wan2", up: true, addresses: ["203.0.113.2/30"], addressing: "static" },
      { name: "lan0", up: true, addresses: ["192.168.10.1/24"], addressing: "static" },
      { name: "mgmt0", up: true, addresses: ["10.213.1.2/30"], addressing: "static" },
    ]);
  });

  it("takes a link without LOWER_UP as down, an address with a lifetime as DHCP's, no IPv4 as none, and a peer as the next router", () => {
    expect(parseIpAddresses(SCRATCH_ADDR)).toEqual([
      { name: "lo", up: false, addresses: [], addressing: "none" },
      { name: "wan9", up: false, addresses: ["100.64.0.9/32"], addressing: "static", learnedGateway: "100.64.0.1" },
      { name: "lan9", up: false, addresses: ["192.0.2.50/24"], addressing: "dhcp" },
    ]);
  });

  it("calls a ppp link's addressing pppoe, and refuses output that is not ip's JSON", () => {
    const ppp = `[{"ifname":"ppp0","flags":["POINTOPOINT","MULTICAST","NOARP","UP","LOWER_UP"],"link_type":"ppp","addr_info":[{"family":"inet","local":"100.64.7.2","address":"100.64.0.1","prefixlen":32}]}]`;
    expect(parseIpAddresses(ppp)).toEqual([{ name: "ppp0", up: true, addresses: ["100.64.7.2/32"], addressing: "pppoe", learnedGateway: "100.64.0.1" }]);
    expect(() => parseIpAddresses('Object "addr" is unknown, try "ip help".')).toThrow();
    expect(() => parseIpAddresses(`[{"flags":[]}]`)).toThrow();
  });
});

describe("[linux] ip -j route show", () => {
  it("reads main's routes with default as 0.0.0.0/0 and a bare host route as /32", () => {
    expect(parseIpRoutes(LAB_ROUTES)).toEqual([
      { destination: "0.0.0.0/0", gateway: "198.51.100.1", interface: "wan1", table: "main" },
      { destination: "10.213.1.0/30", gateway: null, interface: "mgmt0", table: "main" },
      { destination: "192.168.10.0/24", gateway: null, interface: "lan0", table: "main" },
      { destination: "198.51.100.0/30", gateway: null, interface: "wan1", table: "main" },
      { destination: "203.0.113.0/30", gateway: null, interface: "wan2", table: "main" },
    ]);
    expect(parseIpRoutes(SCRATCH_ROUTES)[0]).toEqual({ destination: "100.64.0.1/32", gateway: null, interface: "wan9", table: "main" });
  });

  it("adds other tables' default routes once, and leaves out routes that forward nothing", () => {
    const all = `[{"dst":"default","gateway":"198.51.100.1","dev":"wan1","flags":[]},{"dst":"default","gateway":"203.0.113.1","dev":"wan2","table":"20002","flags":[]},{"type":"unreachable","dst":"default","table":"20090","flags":[]}]`;
    expect(mergeRoutes(parseIpRoutes(LAB_ROUTES), parseIpRoutes(LAB_DEFAULTS))).toEqual(parseIpRoutes(LAB_ROUTES));
    expect(mergeRoutes([], parseIpRoutes(all))).toEqual([{ destination: "0.0.0.0/0", gateway: "203.0.113.1", interface: "wan2", table: "20002" }]);
  });
});
