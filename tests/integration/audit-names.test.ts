// The audit log names what each event was about (a device or user by name; a deleted device by its id and
// "(deleted)"), filters by who, device, outcome and date, and exports the same as CSV.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUAL_WAN_EXAMPLE } from "@/lib/domain/intent/examples";
import { linuxDevice, routerOsDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

let app: AppEnvironment;
let admin: ApiClient;
let viewer: ApiClient;
let keptId: string;
let goneId: string;

type Event = { action: string; target: string | null; targetName: string | null; actorName: string; outcome: string };

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  viewer = await userWithRole(app, admin, "viewer");
  keptId = (await admin.post("/devices", linuxDevice({ name: 'branch, "north"' }))).json.id;
  goneId = (await admin.post("/devices", routerOsDevice({ name: "old-router" }))).json.id;
  expect((await admin.put(`/devices/${keptId}/policy`, { ...DUAL_WAN_EXAMPLE, reason: "=1+1" })).status).toBe(200);
  expect((await viewer.put(`/devices/${keptId}/policy`, DUAL_WAN_EXAMPLE)).status).toBe(403);
  expect((await admin.delete(`/devices/${goneId}`)).status).toBeLessThan(300);
});
afterAll(async () => {
  await app?.close();
});

const events = async (query = ""): Promise<Event[]> => {
  const reply = await admin.get(`/audit${query}`);
  expect(reply.status, reply.text).toBe(200);
  return reply.json;
};

describe("[audit] names, filters and export", () => {
  it("shows devices and users by name, and a deleted device by its id and (deleted)", async () => {
    const all = await events();
    expect(all.find((e) => e.action === "policy.save" && e.outcome === "ok")).toMatchObject({ target: keptId, targetName: 'branch, "north"' });
    expect(all.find((e) => e.action === "device.delete")).toMatchObject({ target: goneId, targetName: `${goneId} (deleted)` });
    expect(all.find((e) => e.action === "user.create")?.targetName).toBe("viewer-user");
    expect(all.find((e) => e.action === "auth.setup")?.targetName).toBe("admin");
  });

  it("filters by device, who, outcome and date", async () => {
    const device = await events(`?device=${keptId}`);
    expect(device.length).toBeGreaterThan(0);
    expect(device.every((e) => e.target === keptId)).toBe(true);
    expect((await events("?user=viewer-user")).every((e) => e.actorName === "viewer-user")).toBe(true);
    expect((await events("?outcome=denied")).map((e) => [e.action, e.actorName])).toEqual([["policy.save", "viewer-user"]]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await events(`?from=${today}&to=${today}`)).length).toBe((await events()).length);
    expect(await events("?from=2099-01-01")).toEqual([]);
    expect((await admin.get("/audit?outcome=maybe")).status).toBe(422);
  });

  it("exports CSV for admins only, with names, quoting and formula-safe cells", async () => {
    expect((await viewer.get("/audit.csv")).status).toBe(403);
    const reply = await admin.get(`/audit.csv?device=${keptId}&outcome=ok`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const [header, ...lines] = reply.text.trimEnd().split("\r\n");
    expect(header).toBe("at (UTC),who,actor type,action,target,target id,from,outcome,detail");
    // An id may start with "-": the export makes such a cell text with a leading ', like any formula-looking cell.
    const idCell = /^[=+\-@]/.test(keptId) ? `'${keptId}` : keptId;
    expect(lines.some((l) => l.includes(`,policy.save,"branch, ""north""",${idCell},`))).toBe(true);
    expect(reply.text).not.toMatch(/(^|,)"?[=+\-@]/m);
  });
});
