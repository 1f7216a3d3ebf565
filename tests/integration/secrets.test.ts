// Device credentials never sit in plain text on disk and never leave through the API.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "@/lib/db/provider";
import { ADMIN, linuxDevice, privateKeyPem, routerOsDevice, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

const ROUTER_PASSWORD = "S3cret-Router-Pass!";
const NEW_ROUTER_PASSWORD = "N3w-Router-Pass-After-Edit!";
const LINUX_PASSWORD = "L1nux-Gateway-Pass!";
const PASSPHRASE = "Key-Passphrase-7f3a9c";
const PRIVATE_KEY = privateKeyPem(PASSPHRASE);
// A distinctive line from the middle of the key's base64 body.
const KEY_LINES = PRIVATE_KEY.trim()
  .split("\n")
  .filter((line) => !line.startsWith("-----"));
const KEY_LINE = KEY_LINES[Math.floor(KEY_LINES.length / 2)]!;

let app: AppEnvironment;
let admin: ApiClient;
let apiToken: string;
const ids: string[] = [];

function secrets(): Record<string, string> {
  return {
    ROUTER_PASSWORD,
    NEW_ROUTER_PASSWORD,
    LINUX_PASSWORD,
    PASSPHRASE,
    KEY_LINE,
    adminPassword: ADMIN.password,
    apiToken,
    sessionCookie: admin.cookie!,
    masterKey: readFileSync(path.join(app.dataDir, "secret.key"), "utf8").trim(),
  };
}

/** Every secret that occurs in `bytes`, by name. */
function leaked(bytes: Buffer, except: string[] = []): string[] {
  return Object.entries(secrets())
    .filter(([name, value]) => !except.includes(name) && bytes.includes(Buffer.from(value, "utf8")))
    .map(([name]) => name);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  apiToken = (await admin.post("/tokens", { name: "secret-check", role: "viewer" })).json.token;
  const replies = [
    await admin.post("/devices", routerOsDevice({ password: ROUTER_PASSWORD })),
    await admin.post(
      "/devices",
      linuxDevice({
        name: "key-gateway",
        auth: { method: "key", privateKey: PRIVATE_KEY, passphrase: PASSPHRASE },
      }),
    ),
    await admin.post("/devices", linuxDevice({ name: "password-gateway", auth: { method: "password", password: LINUX_PASSWORD } })),
  ];
  for (const reply of replies) {
    expect(reply.status, reply.text).toBe(201);
    expect(leaked(Buffer.from(reply.text))).toEqual([]);
    ids.push(reply.json.id);
  }
  const edited = await admin.patch(`/devices/${ids[0]}`, { password: NEW_ROUTER_PASSWORD });
  expect(edited.status).toBe(200);
  expect(leaked(Buffer.from(edited.text))).toEqual([]);
});
afterAll(async () => {
  await app?.close();
});

describe("at rest", () => {
  const dbFile = () => sqlitePath(app.databaseUrl);
  const databaseFiles = () =>
    ["", "-wal", "-shm", "-journal"]
      .map((suffix) => dbFile() + suffix)
      .filter((f) => {
        try {
          return statSync(f).isFile();
        } catch {
          return false;
        }
      });

  it("the SQLite file and its WAL hold no secret, before the checkpoint", () => {
    const files = databaseFiles();
    expect(files).toContain(`${dbFile()}-wal`);
    for (const file of files) expect(leaked(readFileSync(file)), file).toEqual([]);
  });

  it("nor after PRAGMA wal_checkpoint(TRUNCATE)", async () => {
    const walBefore = statSync(`${dbFile()}-wal`).size;
    const conn = new Database(dbFile());
    try {
      const [result] = conn.pragma("wal_checkpoint(TRUNCATE)") as Array<{ busy: number }>;
      expect(result!.busy).toBe(0);
    } finally {
      conn.close();
    }
    expect(statSync(dbFile()).size).toBeGreaterThan(0);
    expect(walBefore).toBeGreaterThan(0);
    for (const file of databaseFiles()) expect(leaked(readFileSync(file)), file).toEqual([]);
    // The rows really are there, sealed.
    const rows = await app.db.device.findMany();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.sealedCredentials).toMatch(/^v1:[A-Za-z0-9+/=]+$/);
  });

  it("no other file in the data dir holds a secret, except the key file holding the master key", () => {
    for (const file of filesUnder(app.dataDir)) {
      const except = path.basename(file) === "secret.key" ? ["masterKey"] : [];
      expect(leaked(readFileSync(file), except), file).toEqual([]);
    }
  });

  it("the master key file is mode 0600 (and the leak detector does find what is there)", () => {
    const key = path.join(app.dataDir, "secret.key");
    expect(leaked(readFileSync(key))).toEqual(["masterKey"]);
    expect(leaked(Buffer.from(`xx${PRIVATE_KEY}xx`))).toEqual(["KEY_LINE"]);
    expect((statSync(key).mode & 0o777).toString(8)).toBe("600");
    expect(Buffer.from(readFileSync(key, "utf8").trim(), "base64")).toHaveLength(32);
  });
});

describe("in API replies", () => {
  it("GET /devices and GET /devices/{id} carry no credential, for admins and token readers alike", async () => {
    const reader = app.client().withToken(apiToken);
    for (const client of [admin, reader]) {
      const list = await client.get("/devices");
      expect(list.status).toBe(200);
      expect(leaked(Buffer.from(list.text), ["sessionCookie", "apiToken"])).toEqual([]);
      for (const id of ids) {
        const one = await client.get(`/devices/${id}`);
        expect(one.status).toBe(200);
        expect(leaked(Buffer.from(one.text), ["sessionCookie", "apiToken"])).toEqual([]);
        const forbidden = ["password", "privateKey", "passphrase", "auth", "sealedCredentials"];
        expect(Object.keys(one.json).filter((key) => forbidden.includes(key))).toEqual([]);
      }
    }
  });

  it("the audit log and the token list carry none either", async () => {
    for (const p of ["/audit?limit=500", "/tokens", "/users"]) {
      const reply = await admin.get(p);
      expect(reply.status).toBe(200);
      expect(leaked(Buffer.from(reply.text)), p).toEqual([]);
    }
  });

  it("a connection check's reply does not echo the stored credentials", async () => {
    const reply = await admin.post(`/devices/${ids[0]}/test-connection`);
    expect(reply.status).toBe(200);
    expect(leaked(Buffer.from(reply.text), ["sessionCookie"])).toEqual([]);
  });
});
