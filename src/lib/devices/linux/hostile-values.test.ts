// Values that could carry shell or nft syntax never get as far as an SSH connection: the intent grammar refuses
// them, compileLinux refuses them when the grammar is skipped, and the renderers refuse them when both are.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileLinux, CompileGrammarError } from "@/lib/domain/compile/linux";
import { monitorConfig } from "@/lib/domain/compile/linux/monitor-config";
import { renderNftRuleset } from "@/lib/domain/compile/linux/nft-ruleset";
import { routes } from "@/lib/domain/compile/linux/routing";
import { ZIntent, type Intent, type IntentInput } from "@/lib/domain/intent";
import type { LinuxTarget } from "@/lib/devices/driver";
import { linuxGateway } from "./gateway";

describe("values that could carry shell or nft syntax are refused before anything is sent", () => {
  // A stand-in for a gateway that only counts TCP connections: nothing may ever reach it.
  let server: Server;
  let connections = 0;
  let decoy: LinuxTarget;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    decoy = { kind: "linux", host: "127.0.0.1", port: address.port, username: "root", auth: { method: "password", password: "x" }, pinnedHostKey: null };
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** What the dashboard does with an intent: compile it for the gateway, then push the plan. */
  async function compileAndPush(raw: unknown) {
    const plan = compileLinux(raw as Intent, { flavour: "nftables" });
    return linuxGateway(decoy).push(plan, {
      pushId: "meta",
      planHash: "0".repeat(64),
      lastAppliedTableHash: null,
      confirmWindowSec: 10,
      gateTimeoutMs: 1_000,
      onProgress: () => {},
    });
  }

  const base = (): IntentInput => ({
    links: [
      { name: "isp1", interface: "wan1", gateway: "198.51.100.1", probe: { targets: ["192.0.2.10"] } },
      { name: "isp2", interface: "wan2", gateway: "203.0.113.1", probe: { targets: ["192.0.2.10"] } },
    ],
    outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
  });

  type Case = {
    field: string;
    value: string;
    set: (i: IntentInput, v: string) => void;
    bypass: (i: Intent, v: string) => void;
    render: (i: Intent) => unknown;
  };
  const link0 = (i: IntentInput | Intent) => i.links[0]!;
  const nftAndRoutes = (i: Intent) => [renderNftRuleset(i), routes(i)];
  const cases: Case[] = [
    ...["wan1;reboot", "wan1 $(id)", "wan1`id`", 'wan1"', "wan1}", "wan1\nflush", "wan1|sh", "wan1&", "wan1'", "wan1>x", "wan*", "-wan1", "w".repeat(16)].map(
      (value): Case => ({
        field: "links.0.interface",
        value,
        set: (i, v) => {
          link0(i).interface = v;
        },
        bypass: (i, v) => {
          link0(i).interface = v;
        },
        render: nftAndRoutes,
      }),
    ),
    ...['lan0" ; flush ruleset ; "', "lan0 lan1", "lan$(id)"].map(
      (value): Case => ({
        field: "outbound.lanInterfaces.0",
        value,
        set: (i, v) => {
          i.outbound.lanInterfaces[0] = v;
        },
        bypass: (i, v) => {
          i.outbound.lanInterfaces[0] = v;
        },
        render: renderNftRuleset,
      }),
    ),
    ...["198.51.100.1;reboot", "198.51.100.1 dev lo", "$(id)", "198.51.100.1\n"].map(
      (value): Case => ({
        field: "links.0.gateway",
        value,
        set: (i, v) => {
          link0(i).gateway = v;
        },
        bypass: (i, v) => {
          link0(i).gateway = v;
        },
        render: nftAndRoutes,
      }),
    ),
    ...["192.0.2.10 -f", "192.0.2.10;reboot", "`id`"].map(
      (value): Case => ({
        field: "links.0.probe.targets.0",
        value,
        set: (i, v) => {
          link0(i).probe.targets[0] = v;
        },
        bypass: (i, v) => {
          link0(i).probe.targets[0] = v;
        },
        render: (i) => monitorConfig(i, "nftables"),
      }),
    ),
    ...["192.168.10.0/24 } ; flush ruleset ; {", "192.168.10.0/24,0.0.0.0/0", "0/0"].map(
      (value): Case => ({
        field: "outbound.lanSources.0",
        value,
        set: (i, v) => {
          i.outbound.lanSources[0] = v;
        },
        bypass: (i, v) => {
          i.outbound.lanSources[0] = v;
        },
        render: renderNftRuleset,
      }),
    ),
  ];

  // Names a MikroTik may carry (longer than IFNAMSIZ, with a space) are valid intent; only a Linux plan refuses them.
  const routerOsOnly = new Set(["w".repeat(16), "lan0 lan1"]);

  it.each(cases)("refuses $field = $value", async ({ field, value, set, bypass, render }) => {
    const hostile = base();
    set(hostile, value);
    // 1. The intent grammar refuses it and names the field (what PUT /devices/{id}/policy answers with).
    const parsed = ZIntent.safeParse(hostile);
    if (routerOsOnly.has(value)) {
      expect(parsed.success).toBe(true);
    } else {
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => issue.path.join("."))).toContain(field);
    }
    // 2. A caller that skips parsing is refused by compileLinux, so no plan exists to push.
    await expect(compileAndPush(hostile)).rejects.toThrow();
    // 3. And one that gets past the parse too is stopped where the value would be written into a device file.
    const smuggled = ZIntent.parse(base());
    bypass(smuggled, value);
    expect(() => render(smuggled)).toThrow(CompileGrammarError);
    expect(connections).toBe(0);
  });

  it("would have noticed a connection: a valid intent does reach the stand-in", async () => {
    // The stand-in hangs up at once, so the push fails at its connect step; what matters is that it got there.
    const outcome = await compileAndPush(ZIntent.parse(base())).catch((error: Error) => ({ outcome: "failed", reason: error.message }));
    expect(outcome).toMatchObject({ outcome: "failed" });
    expect(connections).toBe(1);
    connections = 0;
  });
});
