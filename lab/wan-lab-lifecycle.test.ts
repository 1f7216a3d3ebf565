import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isPidAlive, waitFor } from "./exec";
import { listBlocks, readLeases } from "./state";
import { listNamespaces, listRootLinks, namespacePids, sweepLeftovers } from "./teardown";
import { summarize } from "./traffic";
import { startWanLab } from "./wan-lab";

describe("WAN lab lifecycle", () => {
  it("starts with no default route (three ISPs) and stop() removes every namespace, veth, process and lease", async () => {
    const other = await startWanLab({ isps: 3, lanClients: 1, label: "wan-test-3" });
    const tag = other.lab.tag;
    const namespaces = (await listNamespaces()).filter((ns) => ns.includes(tag));
    const pids = (await Promise.all(namespaces.map(namespacePids))).flat();
    try {
      expect(namespaces).toHaveLength(7); // gateway, internet, lansw, isp1-3, lan1
      expect(pids.length).toBeGreaterThanOrEqual(2); // sshd + traffic server
      expect((await other.gateway.exec(["ip", "route", "show", "default"])).stdout).toBe("");
      expect((await other.gateway.exec(["nft", "list", "tables"])).stdout.trim()).toBe("table inet wmlab_guard");
      expect(other.interfaces.wans).toEqual(["wan1", "wan2", "wan3"]);
      expect(summarize(await other.clients[0]!.connect({ timeoutMs: 300 })).ok).toBe(0);
    } finally {
      await other.stop();
    }
    expect((await listNamespaces()).filter((ns) => ns.includes(tag))).toEqual([]);
    expect((await listRootLinks()).filter((name) => name.includes(tag))).toEqual([]);
    expect(readLeases().map((lease) => lease.tag)).not.toContain(tag);
    expect(listBlocks().map((block) => block.tag)).not.toContain(tag);
    expect(existsSync(other.lab.tmpDir)).toBe(false);
    for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
  });

  it("sweeps a crashed WAN lab, including its orphaned sshd and traffic server", async () => {
    const script = `const { startWanLab } = await import(${JSON.stringify(fileURLToPath(new URL("./wan-lab.ts", import.meta.url)))});
const lab = await startWanLab({ lanClients: 1 });
process.stdout.write(JSON.stringify({ tag: lab.lab.tag }) + "\\n");
setInterval(() => undefined, 60_000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`crash fixture exited early (${code})`)));
    });
    const { tag } = JSON.parse(line) as { tag: string };
    const namespaces = (await listNamespaces()).filter((ns) => ns.includes(tag));
    const pids = (await Promise.all(namespaces.map(namespacePids))).flat();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    child.kill("SIGKILL");
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, 5_000, "the crash fixture to die");

    expect(await sweepLeftovers()).toContain(tag);
    expect((await listNamespaces()).filter((ns) => ns.includes(tag))).toEqual([]);
    expect((await listRootLinks()).filter((name) => name.includes(tag))).toEqual([]);
    for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
  });
});
