import { describe, expect, it } from "vitest";
import { describeAction, describeMatch } from "./rule-words";

// Rows as RouterOS 7 prints them over the API: the demo edge router's own rules (edge-7.rsc, a real export), the
// PCC page's example, and Waymark's plan rules.
describe("[routeros] a firewall rule in words", () => {
  it("reads the admin's own rules of the demo router", () => {
    const mss = {
      chain: "forward",
      action: "change-mss",
      "new-mss": "1400",
      "out-interface": "wan2",
      passthrough: "true",
      protocol: "tcp",
      "tcp-flags": "syn",
    };
    expect(describeMatch(mss)).toBe("tcp out wan2, tcp flags syn");
    expect(describeAction(mss)).toBe("set TCP MSS to 1400");
    const forward = {
      chain: "dstnat",
      action: "dst-nat",
      "dst-port": "8554",
      "in-interface": "wan1",
      protocol: "tcp",
      "to-addresses": "192.168.10.250",
      "to-ports": "554",
    };
    expect(describeMatch(forward)).toBe("tcp to any:8554 in wan1");
    expect(describeAction(forward)).toBe("forward to 192.168.10.250:554");
    expect(describeMatch({ action: "drop", "in-interface-list": "!LAN" })).toBe("in not interface list LAN");
    expect(describeMatch({ "connection-state": "established,related,untracked" })).toBe("established, related, untracked connections");
  });

  it("reads the PCC page's example: a new connection's share and its routing mark", () => {
    const pcc = {
      action: "mark-connection",
      "connection-mark": "no-mark",
      "connection-state": "new",
      "dst-address-type": "!local",
      "in-interface": "ether_LAN",
      "new-connection-mark": "ISP1",
      "per-connection-classifier": "both-addresses:2/0",
    };
    expect(describeMatch(pcc)).toBe("to not local addresses in ether_LAN, no connection-mark, share 1 of 2 by both addresses, new connections");
    expect(describeAction(pcc)).toBe("mark connection ISP1");
    const route = { action: "mark-routing", "connection-mark": "ISP1", "in-interface": "ether_LAN", "new-routing-mark": "ISP1_table", passthrough: "false" };
    expect(describeMatch(route)).toBe("in ether_LAN, connection-mark ISP1");
    expect(describeAction(route)).toBe("routing-mark → ISP1_table, stop");
  });

  it("says every packet for a rule without matchers and keeps unknown actions in RouterOS's words", () => {
    expect(describeMatch({ chain: "srcnat", action: "masquerade", "out-interface": "wan1" })).toBe("out wan1");
    expect(describeMatch({ chain: "prerouting", action: "passthrough" })).toBe("every packet");
    expect(describeAction({ action: "passthrough" })).toBe("count only");
    expect(describeAction({})).toBe("accept");
    expect(describeAction({ action: "strip-ipv4-options" })).toBe("strip ipv4 options");
    expect(describeMatch({ "src-address-list": "office", protocol: "tcp", "dst-address": "203.0.113.10", "dst-port": "443", "connection-state": "new" })).toBe(
      "tcp to 203.0.113.10:443 from list office, new connections",
    );
  });
});
