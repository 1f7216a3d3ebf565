// Sites on the namespaced labs (vip-lab, anycast-lab), driven through the API as an admin would: the lab's members
// added as Linux devices, a site created and pushed, its outcome awaited, the site monitor's updates awaited, and
// the lab-side facts the tests check against (sshd's login lines, an sshd stopped so a member cannot be reached).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { SiteLive } from "@/lib/domain/site/live";
import { siteBus } from "@/lib/live/bus";
import { HistoryRecorder } from "@/lib/monitor/history/recorder";
import type { Monitor } from "@/lib/monitor/monitor";
import { addSiteObserver } from "@/lib/monitor/sites/site-observers";
import { run } from "../../lab/exec";
import type { ApiClient, AppEnvironment } from "../integration/support";

/** A lab member as Waymark reaches it: root over the lab's sshd, by the lab's key. */
export type LabDevice = { name: string; host: string; port: number };

/**
 * Adds each member as a Linux device (admin) and tests its connection (operator): every one must be reachable.
 * Answers the device ids in the members' order.
 */
export async function addLabDevices(admin: ApiClient, operator: ApiClient, privateKey: string, members: LabDevice[]): Promise<string[]> {
  const ids: string[] = [];
  for (const member of members) {
    const created = await admin.post("/devices", {
      kind: "linux",
      name: member.name,
      host: member.host,
      port: member.port,
      username: "root",
      auth: { method: "key", privateKey },
    });
    expect(created.status, created.text).toBe(201);
    ids.push(created.json.id);
    const check = await operator.post(`/devices/${created.json.id}/test-connection`);
    expect(check.json.check, check.text).toMatchObject({ status: "reachable" });
  }
  return ids;
}

/** Creates a site (operator) and answers its id. */
export async function createSite(operator: ApiClient, site: { name: string; description?: string; intent: unknown }): Promise<string> {
  const created = await operator.post("/sites", site);
  expect(created.status, created.text).toBe(201);
  return created.json.id;
}

/**
 * Starts a site push or removal (`path`: /sites/{id}/pushes or /sites/{id}/removal) and waits up to `waitSec` for
 * how it ended: the push as the API shows it, never still running.
 */
export async function siteOutcome(who: { operator: ApiClient; reader: ApiClient }, siteId: string, path: string, body: unknown, waitSec = 120): Promise<any> {
  const started = await who.operator.post(path, body);
  expect(started.status, started.text).toBe(201);
  const reply = await who.reader.get(`/sites/${siteId}/pushes/${started.json.pushId}?wait=${waitSec}`);
  expect(reply.json.status, JSON.stringify(reply.json)).not.toBe("running");
  return reply.json;
}

/** Creates a site and pushes it, as the site monitor's tests begin: the push must confirm on every member. */
export async function pushedSite(operator: ApiClient, site: { name: string; description?: string; intent: unknown }): Promise<string> {
  const siteId = await createSite(operator, site);
  const who = { operator, reader: operator };
  const push = await siteOutcome(who, siteId, `/sites/${siteId}/pushes`, { reason: "site monitor lab", confirmWindowSec: 30 }, 90);
  expect(push.status, JSON.stringify(push)).toBe("confirmed");
  return siteId;
}

/** The history recorder wired to the site monitor as the server wires it, writing to the app's database. */
export function recordSiteHistory(app: AppEnvironment): HistoryRecorder {
  const recorder = new HistoryRecorder(() => app.db);
  addSiteObserver(recorder.siteObserver);
  return recorder;
}

/** Stops what a site monitor lab test started, the monitor first (whatever of it was started). */
export async function stopSiteMonitorLab(started: {
  monitor?: Monitor;
  recorder?: HistoryRecorder;
  siteId?: string;
  app?: AppEnvironment;
  lab?: { stop: () => Promise<void> };
}): Promise<void> {
  await started.monitor?.stop();
  await started.recorder?.stop();
  if (started.siteId) siteBus().forget(started.siteId);
  await started.app?.close();
  await started.lab?.stop();
}

/** Resolves with the site monitor's next update of the site that `accept` takes; rejects after `timeoutMs`. */
export function nextSiteUpdate(siteId: string, accept: (u: SiteLive) => boolean, timeoutMs = 20_000): Promise<SiteLive> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching site update in ${timeoutMs} ms; last: ${JSON.stringify(siteBus().latest(siteId)?.summary)}`));
    }, timeoutMs);
    const stop = siteBus().subscribe(siteId, (update) => {
      if (!accept(update)) return;
      clearTimeout(timer);
      stop();
      resolve(update);
    });
  });
}

/**
 * Public-key logins sshd accepted, counted from every sshd log in a member's lab directory (lab/sshd.ts writes
 * sshd.<generation>.log, vip-lab's private-mount sshd sshd-private.log), e.g.
 * `Accepted publickey for root from 10.201.3.1 port 41234 ssh2: ED25519 SHA256:…`.
 */
export function sshLogins(dir: string): number {
  return readdirSync(dir)
    .filter((f) => /^sshd[.-].*\.log$/.test(f))
    .reduce(
      (sum, f) =>
        sum +
        readFileSync(join(dir, f), "utf8")
          .split("\n")
          .filter((l) => l.includes("Accepted publickey")).length,
      0,
    );
}

/** Stops every sshd in a lab member's namespace (processes the lab started there), so the member cannot be reached. */
export async function stopSshd(namespace: string): Promise<void> {
  const { stdout } = await run(["ip", "netns", "pids", namespace]);
  for (const pid of stdout.split("\n").filter(Boolean).map(Number)) {
    let comm = "";
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm === "sshd") process.kill(pid, "SIGTERM");
  }
}
