import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isPidAlive, run, waitFor } from "./exec";
import { createLab } from "./lab";
import { startGatewayLab } from "./gateway";
import { ownerPidOf } from "./names";
import { listBlocks, readLeases } from "./state";
import { listNamespaces, listRootLinks, namespacePids, sweepLeftovers } from "./teardown";

type Footprint = { tag: string; namespace: string; tmpDir: string; host: string };

async function expectGone(footprint: Footprint, pids: number[]): Promise<void> {
  expect(await listNamespaces()).not.toContain(footprint.namespace);
  expect((await listRootLinks()).filter((name) => name.includes(footprint.tag))).toEqual([]);
  expect(existsSync(footprint.tmpDir)).toBe(false);
  expect(readLeases().map((lease) => lease.tag)).not.toContain(footprint.tag);
  expect(listBlocks().map((block) => block.tag)).not.toContain(footprint.tag);
  expect((await run(["ip", "route", "show"])).stdout).not.toContain(footprint.host);
  for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
}

describe("lab harness", () => {
  it("names everything wm…<pid> and removes it all on stop()", async () => {
    const lab = await startGatewayLab();
    const namespace = lab.gateway.namespace ?? "";
    const footprint = { tag: lab.lab.tag, namespace, tmpDir: lab.lab.tmpDir, host: lab.host };
    const rootLinks = (await listRootLinks()).filter((name) => name.includes(lab.lab.tag));

    expect(namespace).toMatch(/^wm/);
    expect(ownerPidOf(namespace)).toBe(process.pid);
    expect(rootLinks).toHaveLength(1);
    expect(rootLinks.every((name) => name.startsWith("wm") && name.length <= 15)).toBe(true);
    expect(lab.host).toMatch(/^10\.213\./);
    const pids = await namespacePids(namespace);
    expect(pids.length).toBeGreaterThan(0);

    await lab.stop();
    await expectGone(footprint, pids);
  });

  it("sweeps a crashed run's namespace, veth, sshd, temp dir and address block", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/abandoned-lab.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    const footprint = JSON.parse(line) as Footprint;
    const pids = await namespacePids(footprint.namespace);
    expect(pids.length).toBeGreaterThan(0);

    child.kill("SIGKILL");
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5_000, "fixture to die");
    // The crash left everything behind, including sshd orphaned inside the namespace.
    expect(await listNamespaces()).toContain(footprint.namespace);
    expect(pids.some(isPidAlive)).toBe(true);

    const swept = await sweepLeftovers();
    expect(swept).toContain(footprint.tag);
    await expectGone(footprint, pids);
  });

  it("never sweeps a live lab, and parallel labs get distinct names and blocks", async () => {
    const first = await createLab({ label: "sweep-test" });
    const second = await createLab({ label: "sweep-test" });
    try {
      const a = await first.addNode("alpha");
      const b = await second.addNode("alpha");
      expect(a.namespace).not.toBe(b.namespace);
      expect(first.block).not.toBe(second.block);

      await sweepLeftovers();
      expect(await listNamespaces()).toEqual(expect.arrayContaining([a.namespace, b.namespace]));
    } finally {
      await first.teardown();
      await second.teardown();
    }
  });

  it("links two namespaces on a /30 so later topologies (ISPs, LAN clients) can be built", async () => {
    const lab = await createLab({ label: "link-test" });
    try {
      const gw = await lab.addNode("gw", { hostname: "wm-gw" });
      const isp = await lab.addNode("isp1");
      const link = await lab.link(gw, isp);
      expect(link.a.address).toBe(`10.213.${lab.block}.1`);
      expect(link.b.address).toBe(`10.213.${lab.block}.2`);
      expect((await isp.exec(["ip", "-o", "addr", "show", "dev", link.b.ifname])).stdout).toContain(`${link.b.address}/30`);
      expect((await gw.exec(["hostname"])).stdout.trim()).toBe("wm-gw");
      // Namespace-to-namespace links have no end in the root namespace.
      expect((await listRootLinks()).filter((name) => name.includes(lab.tag))).toEqual([]);
    } finally {
      await lab.teardown();
    }
    expect((await listNamespaces()).filter((name) => name.includes(lab.tag))).toEqual([]);
  });
});
