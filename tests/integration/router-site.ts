// One simulated MikroTik router (the demo's edge router, booted from its export) added to a fresh dashboard through
// the API and checked reachable: what the push suites start from.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { startRouterOsSimulator, type RouterOsSimulator, type RouterOsSimulatorOptions } from "@/simulator/routeros";
import { setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

export type RouterSite = {
  sim: RouterOsSimulator;
  app: AppEnvironment;
  admin: ApiClient;
  operator: ApiClient;
  viewer: ApiClient;
  deviceId: string;
  close: () => Promise<void>;
};

const LOGIN = { name: "waymark", password: "s3cret-pw" };

export async function startRouterSite(simulator: Partial<RouterOsSimulatorOptions> = {}): Promise<RouterSite> {
  const sim = await startRouterOsSimulator({
    host: "127.0.0.1",
    version: "7.16.2",
    identity: "edge-01",
    boardName: "CHR",
    users: [LOGIN],
    bootExport: readFileSync("src/simulator/routeros/demo/edge-7.rsc", "utf8"),
    ...simulator,
  });
  const app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  const operator = await userWithRole(app, admin, "operator");
  const viewer = await userWithRole(app, admin, "viewer");
  const created = await admin.post("/devices", {
    kind: "routeros",
    name: "sim-edge",
    host: "127.0.0.1",
    port: sim.port,
    transport: "plain",
    username: LOGIN.name,
    password: LOGIN.password,
  });
  expect(created.status, created.text).toBe(201);
  const deviceId: string = created.json.id;
  const check = await operator.post(`/devices/${deviceId}/test-connection`);
  expect(check.json.check, check.text).toMatchObject({ status: "reachable", identity: "edge-01" });
  return {
    sim,
    app,
    admin,
    operator,
    viewer,
    deviceId,
    close: async () => {
      await app.close();
      await sim.close();
    },
  };
}
