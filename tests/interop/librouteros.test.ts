// Interoperability: an independent client (Debian's python3-librouteros 3.1, installed by lab/install-deps.sh)
// against the simulator on 127.0.0.1. If the simulator only agreed with our own client, a shared
// misreading of the protocol would go unnoticed; librouteros was written against real routers.

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { describe, expect, it } from "vitest";

import { useSimulatorAndClient } from "@tests/support/simulator/harness";

const run = promisify(execFile);
const SCRIPT = path.join(import.meta.dirname, "librouteros_client.py");
// Debian's interpreter on purpose: python3-librouteros installs into its dist-packages, not a pyenv's.
const PYTHON = "/usr/bin/python3";
const { simulator } = useSimulatorAndClient({
  router: { identity: "interop-gw", boardName: "RB5009UPr+S+", users: [{ name: "admin", password: "interop-pw" }] },
});

type Report = {
  resource: Record<string, unknown>[];
  identity: Record<string, unknown>[];
  unknown_menu_trap: { message?: string; category?: number | null };
  address_list?: {
    ids: string[];
    ids_valid: boolean;
    printed: Record<string, unknown>[];
    after_set: Record<string, unknown>[];
    after_remove: Record<string, unknown>[];
    no_match: Record<string, unknown>[];
  };
  quit: string;
};

// Async on purpose: the simulator answers from this same event loop while python runs.
const librouteros = async (port: number, ...options: string[]): Promise<Report> => {
  const { stdout } = await run(PYTHON, [SCRIPT, String(port), ...options], { timeout: 20_000 });

  return JSON.parse(stdout) as Report;
};

const expectSession = (report: Report, version: string) => {
  // librouteros casts numeric strings to int on read.
  expect(report.resource).toHaveLength(1);
  expect(report.resource[0]).toMatchObject({ version, "board-name": "RB5009UPr+S+", platform: "MikroTik", "cpu-count": 4 });
  expect(report.identity).toEqual([{ name: "interop-gw" }]);
  expect(report.unknown_menu_trap).toEqual({ message: "no such command prefix", category: 0 });
  // librouteros reads the reason as the bare word after !fatal (reference §1.3).
  expect(report.quit).toBe("session terminated on request");
};

describe("python3-librouteros against the simulator", () => {
  it("logs in (plain), reads resource and identity, gets a trap, and is ended by /quit's !fatal", async () => {
    const sim = await simulator();
    expectSession(await librouteros(sim.port), "7.16.2 (stable)");
  });

  it("logs in with the pre-6.43 challenge (login_method=token) against a simulated 6.40", async () => {
    const sim = await simulator({ version: "6.40.8" });
    const report = await librouteros(sim.port, "--login", "token");
    expectSession(report, "6.40.8 (stable)");
    expect(report.resource[0]?.["build-time"]).toBe("Nov/22/2024 08:17:56");
  });

  it("connects over anonymous-DH TLS (certificate-less api-ssl)", async () => {
    const sim = await simulator({ tls: "anon" });
    expectSession(await librouteros(sim.port, "--tls", "anon"), "7.16.2 (stable)");
  });

  it("reads replies split at random points", async () => {
    const sim = await simulator({ faults: { fragment: "random", seed: 3 } });
    expectSession(await librouteros(sim.port), "7.16.2 (stable)");
  });

  it.each(["7.16.2", "7.18.2"])("adds, prints with a query, sets and removes /ip/firewall/address-list items on %s", async (version) => {
    const sim = await simulator({ version });
    const report = (await librouteros(sim.port, "--items", "address-list")).address_list;
    expect(report?.ids_valid).toBe(true);
    const [first, second] = report?.ids ?? [];
    expect(first).not.toBe(second);
    expect(report?.printed).toEqual([
      { ".id": first, list: "waymark-interop", address: "192.0.2.1", comment: "first" },
      { ".id": second, list: "waymark-interop", address: "192.0.2.2" },
    ]);
    expect(report?.after_set).toEqual([{ ".id": first, list: "waymark-interop", address: "192.0.2.1", comment: "changed" }]);
    expect(report?.after_remove).toEqual([{ ".id": second, list: "waymark-interop", address: "192.0.2.2" }]);
    expect(report?.no_match).toEqual([]);
  });
});
