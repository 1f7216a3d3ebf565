// The change history across devices: one row per revision with what it meant and what became of its pushes,
// filtered by device, user, date and outcome, exported as CSV that a spreadsheet cannot run as formulas; and one
// revision's detail with the device-level diff of what the pushes sent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentInput } from "@/lib/domain/intent";
import { serviceContext } from "@/lib/services/context";
import { getHistoryEntry, listHistory } from "@/lib/services/history";
import { compareSavedAndRunning } from "@/lib/services/policies";
import type { RouterOsSimulator } from "@/simulator/routeros";
import { linuxDevice, pushFinished, type ApiClient, type AppEnvironment } from "./support";
import { startRouterSite, type RouterSite } from "./router-site";

let site: RouterSite;
let sim: RouterOsSimulator;
let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let viewer: ApiClient;
let routerId: string;
let gatewayId: string;

const probe = { targets: ["192.0.2.10", "192.0.2.11"], intervalMs: 1_000, timeoutMs: 500 };
const intent = (weight: number): IntentInput => ({
  links: [
    { name: "isp-a", interface: "wan1", gateway: "198.51.100.1", weight, probe },
    { name: "isp-b", interface: "wan2", gateway: "203.0.113.1", weight: 1, probe },
  ],
  outbound: { lanInterfaces: ["lan0"], lanSources: ["192.168.10.0/24"] },
});
const HOSTILE_REASON = `=HYPERLINK("http://evil.example","click"), then "quote"`;

async function saveAndPush(client: ApiClient, deviceId: string, weight: number, reason: string): Promise<string> {
  const saved = await client.put(`/devices/${deviceId}/policy`, { ...intent(weight), reason });
  expect(saved.status, saved.text).toBe(200);
  const started = await client.post(`/devices/${deviceId}/push`, { reason, confirmWindowSec: 20 });
  expect(started.status, started.text).toBe(201);
  return (await pushFinished(client, started.json.id)).status;
}

/** The CSV's rows as arrays of cells (a tiny RFC 4180 reader: quoted cells, "" inside them, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  for (const [, quoted, plain, end] of text.matchAll(/(?:"((?:[^"]|"")*)"|([^,\r\n"]*))(,|\r\n|$)/g)) {
    rows.at(-1)!.push(quoted !== undefined ? quoted.replaceAll('""', '"') : plain!);
    if (end === "\r\n") rows.push([]);
    if (end === "") break;
  }
  return rows.filter((row) => row.length > 1 || row[0] !== "");
}

const csv = async (query = "") => {
  const reply = await viewer.get(`/history.csv${query}`);
  expect(reply.status, reply.text).toBe(200);
  return parseCsv(reply.text);
};

beforeAll(async () => {
  site = await startRouterSite();
  ({ sim, app, admin, operator, viewer, deviceId: routerId } = site);
  gatewayId = (await admin.post("/devices", linuxDevice({ name: "branch-gw" }))).json.id;
  expect(await saveAndPush(operator, routerId, 1, "first cut")).toBe("confirmed");
  const lan = sim.device.config.table("interface").items.find((i) => i.props.name === "lan0")!;
  sim.device.config.table("interface").set(lan.id, { disabled: "true" });
  try {
    expect(await saveAndPush(operator, routerId, 2, HOSTILE_REASON)).toBe("rolled_back");
  } finally {
    sim.device.config.table("interface").set(lan.id, { disabled: "false" });
  }
  expect((await admin.put(`/devices/${gatewayId}/policy`, { ...intent(1), reason: "branch office" })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await site?.close();
});

describe("[history] every change, with its meaning and outcome", () => {
  it("lists revisions newest first with device names, what changed and what became of each push", async () => {
    const entries = await listHistory(serviceContext({ type: "system", job: "test" }, null), {});
    expect(entries.map((e) => [e.deviceName, e.revision, e.outcome])).toEqual([
      ["branch-gw", 1, "not_pushed"],
      ["sim-edge", 2, "rolled_back"],
      ["sim-edge", 1, "confirmed"],
    ]);
    const rolledBack = entries[1]!;
    expect(rolledBack.changes).toEqual([{ subject: "link isp-a", text: "link isp-a weight 1 → 2" }]);
    expect(rolledBack.pushes[0]).toMatchObject({ status: "rolled_back", failedStep: { step: "gate", detail: expect.stringContaining("lan0 is not running") } });
  });

  it("exports CSV with a header, device names, quoting, and formula cells made text", async () => {
    const reply = await viewer.get("/history.csv");
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toBe('attachment; filename="waymark-history.csv"');
    expect(reply.text.endsWith("\r\n")).toBe(true);
    const [header, ...rows] = parseCsv(reply.text);
    expect(header).toEqual(["device", "revision", "saved at (UTC)", "saved by", "reason", "changes", "outcome", "why it did not take", "pushes"]);
    expect(rows).toHaveLength(3);
    const hostile = rows.find((r) => r[1] === "2")!;
    expect(hostile[0]).toBe("sim-edge");
    expect(hostile[4]).toBe(`'${HOSTILE_REASON}`);
    expect(hostile[5]).toBe("link isp-a weight 1 → 2");
    expect(hostile[6]).toBe("rolled back");
    expect(hostile[7]).toMatch(/lan0/);
    expect(reply.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click""), then ""quote"""`);
    expect(rows.every((r) => !/^[=+\-@]/.test(r.join("")))).toBe(true);
  });

  it("filters by device, user, outcome and date, the same on screen and in the export", async () => {
    expect((await csv(`?device=${gatewayId}`)).slice(1).map((r) => r[0])).toEqual(["branch-gw"]);
    const adminName = (await admin.get("/auth/me")).json?.user?.username ?? "admin";
    expect((await csv(`?user=${encodeURIComponent(adminName)}`)).slice(1).map((r) => r[0])).toEqual(["branch-gw"]);
    expect((await csv("?outcome=rolled_back")).slice(1).map((r) => r[1])).toEqual(["2"]);
    expect((await csv("?outcome=not_pushed&device=")).slice(1).map((r) => r[0])).toEqual(["branch-gw"]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await csv(`?from=${today}&to=${today}`)).toHaveLength(4);
    expect(await csv("?from=2099-01-01")).toHaveLength(1);
    expect(await csv("?to=2000-01-01")).toHaveLength(1);
    expect((await viewer.get("/history.csv?from=yesterday")).status).toBe(422);
    expect((await viewer.get("/history.csv?outcome=exploded")).status).toBe(422);
    expect((await viewer.get("/history.csv?colour=red")).status).toBe(422);
  });

  it("needs a signed-in caller", async () => {
    expect((await app.client().get("/history.csv", { anonymous: true })).status).toBe(401);
  });
});

describe("[history] one revision in full", () => {
  it("has the meaning-level diff, the device-level diff against the last confirmed push, and every step", async () => {
    const ctx = serviceContext({ type: "system", job: "test" }, null);
    const detail = await getHistoryEntry(ctx, routerId, 2);
    expect(detail).toMatchObject({ deviceName: "sim-edge", outcome: "rolled_back", comparedWith: 1 });
    expect(detail.comparedChanges.map((c) => c.text)).toEqual(["link isp-a weight 1 → 2"]);
    const { before, after } = detail.plans;
    expect(before && "text" in before && before.revision).toBe(1);
    expect(after && "text" in after && after.text).toContain("per-connection-classifier=both-addresses-and-ports:3/2");
    expect(before && "text" in before && before.text).toContain("per-connection-classifier=both-addresses-and-ports:2/1");
    expect(detail.pushViews[0]!.steps.map((s) => s.step)).toContain("rollback");

    const first = await getHistoryEntry(ctx, routerId, 1);
    expect(first.plans.before).toBeNull();
    expect(first.comparedChanges[0]!.text).toMatch(/^first policy/);
    expect((await getHistoryEntry(ctx, routerId, 1, 2)).comparedChanges.map((c) => c.text)).toEqual(["link isp-a weight 2 → 1"]);
    await expect(getHistoryEntry(ctx, routerId, 9)).rejects.toThrow(/not found/);
    await expect(getHistoryEntry(ctx, gatewayId, 1, 5)).rejects.toThrow(/not found/);
  });
});

describe("[history] saved vs running", () => {
  it("says a rolled-back revision is not on the device, why, and what it runs; then in sync after a good push", async () => {
    const ctx = serviceContext({ type: "system", job: "test" }, null);
    expect(await compareSavedAndRunning(ctx, routerId)).toMatchObject({
      state: "rejected",
      savedRevision: 2,
      running: { revision: 1 },
      lastPush: { status: "rolled_back" },
      why: expect.stringContaining("lan0"),
      changeCount: 1,
    });
    expect(await compareSavedAndRunning(ctx, gatewayId)).toMatchObject({ state: "never_pushed", savedRevision: 1, running: null });
    expect((await admin.put(`/devices/${routerId}/policy`, { ...intent(5), reason: "later" })).status).toBe(200);
    expect(await compareSavedAndRunning(ctx, routerId)).toMatchObject({ state: "pending", savedRevision: 3, lastPush: null, changeCount: 1 });
    // The router still runs weight 1 (revision 2 was rolled back), so this push finds it unchanged: that counts too.
    expect(await saveAndPush(operator, routerId, 1, "back to the first")).toBe("unchanged");
    expect(await compareSavedAndRunning(ctx, routerId)).toMatchObject({ state: "in_sync", savedRevision: 4, running: { revision: 4 } });
  });
});
