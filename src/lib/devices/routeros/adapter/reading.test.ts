import { describe, expect, it } from "vitest";
import { compileRouterOs } from "@/lib/domain/compile/routeros";
import { ZIntent } from "@/lib/domain/intent";
import { SERVER_POOL_EXAMPLE } from "@/lib/domain/intent/examples";
import type { RouterState } from "../readback/read-state";
import { toDeviceReading } from "./reading";

// The pure transform on a recorded state: every backend of every pool, drained and disabled ones included.

const plan = compileRouterOs(ZIntent.parse(SERVER_POOL_EXAMPLE), { version: "7" });

const rule = (comment: string, packets: bigint) => ({
  comment,
  menu: "/ip/firewall/nat",
  chain: "dstnat",
  action: "dst-nat",
  bytes: packets * 60n,
  packets,
  disabled: false,
});

const state: RouterState = {
  readAtMs: 1_700_000_000_000,
  identity: "edge-01",
  version: "7.16.2 (stable)",
  rules: [rule("waymark:pool:web:app1:0", 5n), rule("waymark:pool:web:app1:fallback", 1n), rule("waymark:pool:web:app2:0", 3n)],
  chains: [],
  routes: [],
  netwatch: [
    { comment: "waymark:backend:web:app1", host: "192.168.10.21", status: "up", since: "2026-11-20 10:00:00" },
    { comment: "waymark:backend:web:app2", host: "192.168.10.22", status: "down", since: "2026-11-20 10:05:00" },
    { comment: "waymark:backend:web:app3", host: "192.168.10.23", status: "up", since: "2026-11-20 09:00:00" },
    { comment: "waymark:backend:dns:ns1", host: "192.168.10.53", status: "up", since: null },
  ],
  interfaces: [],
  connections: [],
  backendConnections: [
    { at: "192.168.10.21:443", count: 12 },
    { at: "192.168.10.22:8443", count: 0 },
    { at: "192.168.10.23:443", count: 4 },
    { at: "192.168.10.53:53", count: 2 },
    { at: "192.168.10.54:53", count: 0 },
  ],
  drift: [],
};

describe("RouterOS reading: pool backends", () => {
  it("lists every backend with its state, probe verdict, new and open connections and NAT traffic", () => {
    const reading = toDeviceReading(state, plan);
    expect(reading.backends.map((b) => [`${b.pool}/${b.name}`, `${b.address}:${b.port}`, b.state, b.probe, b.newConnections, b.openConnections])).toEqual([
      ["web/app1", "192.168.10.21:443", "up", "up", "6", 12],
      ["web/app2", "192.168.10.22:8443", "down", "down", "3", 0],
      // Drained: no rule, so no new connection; its probe still says it answers, and its 4 connections run on.
      ["web/app3", "192.168.10.23:443", "drain", "up", null, 4],
      ["dns/ns1", "192.168.10.53:53", "up", "up", null, 2],
      // Disabled, and no netwatch row printed for it: its verdict is unknown.
      ["dns/ns2", "192.168.10.54:53", "disabled", "unknown", null, 0],
    ]);
    expect(reading.backends[0]!.traffic).toEqual({ packets: "6", bytes: "360" });
    expect(reading.backends[2]!.traffic).toBeNull();
  });

  it("reads a plan stored before plans listed their backends by its backend netwatches", () => {
    const { backends: _listed, ...older } = plan;
    // That compiler gave out-of-service backends no netwatch.
    const objects = older.objects.filter((o) => o.comment !== "waymark:backend:web:app3" && o.comment !== "waymark:backend:dns:ns2");
    const reading = toDeviceReading(state, { ...older, objects });
    expect(reading.backends.map((b) => [b.name, b.address, b.port, b.state, b.openConnections])).toEqual([
      ["app1", "192.168.10.21", null, "up", null],
      ["app2", "192.168.10.22", null, "down", null],
      ["ns1", "192.168.10.53", null, "up", null],
    ]);
  });
});
