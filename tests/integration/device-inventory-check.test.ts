// POST /devices/test-connection: the add form's check of an address and credentials before anything is stored,
// against the RouterOS simulator on 127.0.0.1 (and a hostile listener that echoes what it is sent).
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSentence, SentenceReader } from "@/lib/devices/routeros/wire";
import { startRouterOsSimulator, type RouterOsSimulator } from "@/simulator/routeros";
import { routerOsDevice, setupAdmin, startAppEnvironment, userWithRole, type ApiClient, type AppEnvironment } from "./support";

const ROUTER_PASSWORD = "Router-Pass-For-The-Check!";

/** Speaks just enough of the RouterOS API to refuse a login with a message quoting the password it was sent. */
async function echoingRouter(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    const reader = new SentenceReader();
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      for (const words of reader.push(chunk)) {
        const tag = words.find((w) => w.startsWith(".tag="));
        const password = words.find((w) => w.startsWith("=password="))?.slice("=password=".length) ?? "";
        socket.write(encodeSentence(["!trap", `=message=wrong password ${password}`, ...(tag ? [tag] : [])]));
        socket.write(encodeSentence(["!done", ...(tag ? [tag] : [])]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("listener has no port");
  return { port: address.port, connections: () => connections, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let app: AppEnvironment;
let admin: ApiClient;
let operator: ApiClient;
let simulator: RouterOsSimulator;

beforeAll(async () => {
  simulator = await startRouterOsSimulator({
    host: "127.0.0.1",
    port: 0,
    version: "7.16.2",
    identity: "check-core",
    boardName: "CCR2004-1G-12S+2XS",
    users: [{ name: "waymark", password: ROUTER_PASSWORD }],
  });
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  operator = await userWithRole(app, admin, "operator");
});
afterAll(async () => {
  await simulator?.close();
  await app?.close();
});

const atSimulator = (password: string) => routerOsDevice({ name: "new-router", host: "127.0.0.1", port: simulator.port, username: "waymark", password });

describe("Test connection before adding a device", () => {
  it("reports reachable with identity, model and version, and stores nothing", async () => {
    const reply = await admin.post("/devices/test-connection", atSimulator(ROUTER_PASSWORD));
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ status: "reachable", identity: "check-core", model: "CCR2004-1G-12S+2XS" });
    expect(reply.text).not.toContain(ROUTER_PASSWORD);
    expect(await app.db.device.count()).toBe(0);
  });

  it("reports a wrong password and a closed port as results, not errors", async () => {
    const wrong = await admin.post("/devices/test-connection", atSimulator("not-the-password"));
    expect(wrong.status).toBe(200);
    expect(wrong.json.status).toBe("auth_failed");
    const closed = await admin.post("/devices/test-connection", routerOsDevice({ host: "127.0.0.1", port: 9 }));
    expect(closed.json.status).toBe("unreachable");
  });

  it("never echoes the credentials, even when the device quotes them back", async () => {
    const echo = await echoingRouter();
    try {
      const reply = await admin.post("/devices/test-connection", routerOsDevice({ host: "127.0.0.1", port: echo.port, password: ROUTER_PASSWORD }));
      expect(reply.json.status).toBe("auth_failed");
      expect(reply.json.message).toContain("wrong password •••");
      expect(reply.text).not.toContain(ROUTER_PASSWORD);
    } finally {
      await echo.close();
    }
  });

  it("is audited without credentials", async () => {
    await admin.post("/devices/test-connection", atSimulator(ROUTER_PASSWORD));
    const event = (await admin.get("/audit")).json.find((e: { action: string }) => e.action === "device.test-new-connection");
    expect(event).toMatchObject({
      outcome: "ok",
      detail: { name: "new-router", host: "127.0.0.1", kind: "routeros", port: simulator.port, result: "reachable" },
    });
    expect(JSON.stringify(await app.db.auditEvent.findMany())).not.toContain(ROUTER_PASSWORD);
  });

  it("is for admins only: an operator gets 403 and the device is not contacted", async () => {
    const echo = await echoingRouter();
    try {
      const reply = await operator.post("/devices/test-connection", routerOsDevice({ host: "127.0.0.1", port: echo.port }));
      expect(reply.status).toBe(403);
      expect(echo.connections()).toBe(0);
    } finally {
      await echo.close();
    }
  });

  it("refuses a body that is not a device with 422", async () => {
    const reply = await admin.post("/devices/test-connection", { ...atSimulator(ROUTER_PASSWORD), extra: true });
    expect(reply.status).toBe(422);
  });
});
