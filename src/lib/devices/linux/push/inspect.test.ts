import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { INSPECT_SCRIPT, linuxCapabilities, parseInspection } from "./inspect";
import { LAB_INSPECTION } from "./inspect.fixture";

describe("[linux] gateway inspection", () => {
  it("is one POSIX sh script", () => {
    expect(() => execFileSync("sh", ["-n", "-c", INSPECT_SCRIPT])).not.toThrow();
  });

  it("reads the lab gateway's tools, software, interfaces, routes, LAN watch and the ended push it removed", () => {
    const inspection = parseInspection(LAB_INSPECTION);
    expect(inspection).toMatchObject({
      has: { nft: true, "iptables-restore": true, conntrack: true, socat: true, ping: true, setsid: true },
      systemd: false,
      nftVersion: "nftables v1.0.6 (Lester Gooch #5)",
      softwareVersion: "Debian GNU/Linux 12 (bookworm), kernel 6.18.44-fc-v1147",
      appliedPlanHash: null,
      tableHash: null,
      removedStale: ["push-t9-2"],
      lanWatch: { atMs: 1646320, pairs: [{ in: "lan0", out: "wan1", connections: 6 }] },
    });
    expect(inspection.interfaces.map((i) => [i.name, i.up, i.addresses.join(" ")])).toEqual([
      ["lo", true, "127.0.0.1/8"],
      ["wan1", true, "198.51.100.2/30"],
      ["wan2", true, "203.0.113.2/30"],
      ["lan0", true, "192.168.10.1/24"],
      ["mgmt0", true, "10.213.1.2/30"],
    ]);
    expect(inspection.routes[0]).toEqual({ destination: "0.0.0.0/0", gateway: "198.51.100.1", interface: "wan1", table: "main" });
  });

  it("maps to the capabilities every device reports: nftables, ICMP and TCP probes, 100 ms", () => {
    const capabilities = linuxCapabilities(parseInspection(LAB_INSPECTION));
    expect(capabilities).toMatchObject({
      softwareVersion: "Debian GNU/Linux 12 (bookworm), kernel 6.18.44-fc-v1147",
      firewall: "nftables",
      probeTypes: ["icmp", "tcp"],
      minProbeIntervalMs: 100,
    });
    expect(capabilities.interfaces.find((i) => i.name === "lan0")).toEqual({ name: "lan0", up: true, addresses: ["192.168.10.1/24"], addressing: "static" });
    const bare = parseInspection(LAB_INSPECTION.replace("has.nft=yes", "has.nft=no").replace("has.socat=yes", "has.socat=no"));
    expect(linuxCapabilities(bare)).toMatchObject({ firewall: "iptables", probeTypes: ["icmp"] });
  });

  it("refuses output that was cut short, and keeps a missing watch as none", () => {
    expect(() => parseInspection(LAB_INSPECTION.slice(0, LAB_INSPECTION.indexOf("@@waymark:ip-route")))).toThrow(/cut short/);
    const noWatch = LAB_INSPECTION.replace(/@@waymark:watch \d+\nlan0 wan1 6\n/, "");
    expect(parseInspection(noWatch).lanWatch).toBeNull();
  });
});
