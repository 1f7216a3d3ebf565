import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compileSite } from "@/lib/domain/site/compile";
import { ANYCAST_DEVICES, ANYCAST_EXAMPLE } from "@/lib/domain/site/anycast/example.fixture";
import type { AnycastEdgePlan, AnycastServerPlan } from "@/lib/domain/site/member-plan";
import { ZMemberReading } from "@/lib/domain/site/member-reading";
import { changeScript } from "./scripts";
import { confirmScript, gateScript } from "./gate";
import { parseBfdSessions, parseProtocols, parseRouteHolders } from "./parse-bird";
import { EDGE_READ, SERVER_READ } from "./read.fixture";
import { parseEdgeReading, parseServerReading, readCommand } from "./read";

// The fixtures come from the lab, whose addresses differ from the example's: plans for the lab's addresses.
const site = compileSite(
  "web",
  {
    ...ANYCAST_EXAMPLE,
    members: ANYCAST_EXAMPLE.members.map((m, i) =>
      m.role === "anycast-server" ? { ...m, address: `10.213.1.${(i - 1) * 4 + 2}`, edgeAddress: `10.213.1.${(i - 1) * 4 + 1}` } : m,
    ),
  },
  new Map([...ANYCAST_DEVICES].map(([id, d]) => [id, { ...d, capabilities: null }])),
);
const edgePlan = site.members[0]?.plan as AnycastEdgePlan;
const serverPlan = site.members[1]?.plan as AnycastServerPlan;

describe("[anycast] reading BIRD, the kernel route and the health daemon", () => {
  it("parses protocols with their BGP state, neighbour and routes", () => {
    const protocols = parseProtocols(EDGE_READ);
    expect(protocols.map((p) => [p.name, p.proto, p.state])).toEqual([
      ["wm_device", "Device", "up"],
      ["wm_web_kernel", "Kernel", "up"],
      ["wm_web_bfd", "BFD", "up"],
      ["wm_web_web_1", "BGP", "up"],
      ["wm_web_web_2", "BGP", "up"],
      ["wm_web_web_3", "BGP", "up"],
    ]);
    expect(protocols[3]).toMatchObject({ bgpState: "Established", neighbor: "10.213.1.2", imported: 1, exported: 0, since: "2026-12-06 04:59:28" });
    expect(parseBfdSessions(EDGE_READ)).toContainEqual({
      peer: "10.213.1.10",
      interface: "wml145-mz72a",
      state: "Up",
      since: "2026-12-06 04:59:28",
      intervalMs: 100,
      timeoutMs: 300,
    });
    expect(parseRouteHolders(EDGE_READ)).toEqual(["wm_web_web_1", "wm_web_web_2", "wm_web_web_3"]);
  });

  it("reads the edge: sessions, the merged route's next hops with what each forwarded, and the standby server", () => {
    const reading = parseEdgeReading(edgePlan, EDGE_READ, null, 1);
    expect(ZMemberReading.parse(reading)).toEqual(reading);
    expect(reading.sessions.map((s) => [s.protocol, s.peer, s.established])).toEqual([
      ["wm_web_web_1", "10.213.1.2", true],
      ["wm_web_web_2", "10.213.1.6", true],
      ["wm_web_web_3", "10.213.1.10", true],
    ]);
    expect(reading.nexthops).toEqual([
      { via: "10.213.1.2", interface: "wml145-mz70a", device: "d-web1", forwarded: { packets: "100", bytes: "5360" } },
      { via: "10.213.1.6", interface: "wml145-mz71a", device: "d-web2", forwarded: { packets: "150", bytes: "8040" } },
    ]);
    expect(reading.standby).toEqual(["d-web3"]);
    expect(reading.watcher).toEqual({ running: true, detail: "BIRD runs the site's configuration" });
  });

  it("reads a server: its check, the announcement, the session and BFD, served packets and connections", () => {
    const reading = parseServerReading(serverPlan, SERVER_READ, null, 1);
    expect(ZMemberReading.parse(reading)).toEqual(reading);
    expect(reading).toMatchObject({
      check: { passing: true, detail: "connected to 127.0.0.1:8053" },
      announced: true,
      sessions: [{ protocol: "wm_web_edge", peer: "10.213.1.1", state: "Established", established: true }],
      bfd: [{ peer: "10.213.1.1", interface: "eth0", state: "Up", intervalMs: 100, timeoutMs: 300 }],
      served: { packets: "100", bytes: "5360" },
      openConnections: 3,
      watcher: { running: true, detail: "health daemon pid 2380, last check 10 ms ago" },
      drift: { drifted: false, entries: [] },
    });
  });

  it("says what drifted, and refuses a read that was cut short", () => {
    // The lab's web-1 runs exactly this plan's BIRD configuration (same addresses): its file hash matches.
    const edited = SERVER_READ.replace("verdict=passing", "verdict=failing")
      .replace("@@waymark:lo\n1", "@@waymark:lo\n0")
      .replace(/config=\w+/, `config=${"0".repeat(64)}`);
    const reading = parseServerReading(serverPlan, edited, "f".repeat(64), 1);
    expect(reading.check.passing).toBe(false);
    expect(reading.drift.entries).toEqual([
      "the service address 192.0.2.53 is not on lo",
      "the host records another plan than the one Waymark confirmed",
      "BIRD's configuration file /etc/bird/bird.conf differs from the one Waymark confirmed",
    ]);
    expect(() => parseEdgeReading(edgePlan, EDGE_READ.slice(0, 500), null, 1)).toThrow(/cut short/);
  });

  it("runs as POSIX sh: the read, the change, the gate and the confirm", () => {
    for (const plan of [edgePlan, serverPlan]) {
      const scripts = [readCommand(plan)[2] ?? ""];
      for (const mode of ["apply", "remove"] as const) {
        scripts.push(changeScript(plan, mode, "p1", 30), gateScript(plan, mode, 5_000), confirmScript(plan, mode, "p1", "a".repeat(64)));
      }
      for (const script of scripts) expect(() => execFileSync("sh", ["-n", "-c", script])).not.toThrow();
    }
  });

  it("refuses a stored plan whose values left their grammar before any shell line is written", () => {
    const tampered = { ...serverPlan, address: "192.0.2.53; reboot" };
    expect(() => readCommand(tampered)).toThrow(/service address is outside its grammar/);
    expect(() => changeScript({ ...serverPlan, bird: { ...serverPlan.bird, controlSocket: "/run/$(id)" } }, "apply", "p1", 30)).toThrow(/BIRD paths/);
    expect(() => gateScript({ ...edgePlan, servers: [{ device: "x", protocol: "a b", address: "10.0.0.1", standby: false }] }, "apply", 1_000)).toThrow(
      /server list/,
    );
  });

  it("ships a health daemon perl accepts", () => {
    expect(() => execFileSync("perl", ["-c", "src/lib/devices/linux/assets/anycast-health.pl"], { stdio: "pipe" })).not.toThrow();
  });
});
