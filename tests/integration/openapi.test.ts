// GET /openapi.json documents exactly the contract the handlers enforce.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "@/lib/http/api";
import { setupAdmin, startAppEnvironment, type ApiClient, type AppEnvironment } from "./support";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  items?: Schema;
};
type Operation = {
  operationId: string;
  security: unknown[];
  parameters: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: object } };

let app: AppEnvironment;
let admin: ApiClient;
let doc: Document;

beforeAll(async () => {
  app = await startAppEnvironment("sqlite");
  admin = await setupAdmin(app);
  const reply = await admin.get("/openapi.json");
  expect(reply.status).toBe(200);
  doc = reply.json;
});
afterAll(async () => {
  await app?.close();
});

/** Every object schema inside `schema`, with where it was found. */
function objectSchemas(schema: Schema, where = "body"): Array<[string, Schema]> {
  const found: Array<[string, Schema]> = [];
  if (schema.type === "object" || schema.properties) found.push([where, schema]);
  for (const [name, child] of Object.entries(schema.properties ?? {})) found.push(...objectSchemas(child, `${where}.${name}`));
  for (const key of ["oneOf", "anyOf", "allOf"] as const) {
    for (const [i, child] of (schema[key] ?? []).entries()) found.push(...objectSchemas(child, `${where}/${key}[${i}]`));
  }
  if (schema.items) found.push(...objectSchemas(schema.items, `${where}[]`));
  return found;
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3 with both security schemes, and needs a signed-in caller", async () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearer", "session"]);
    const anonymous = await app.client().get("/openapi.json", { anonymous: true });
    expect(anonymous.status).toBe(401);
    const token = (await admin.post("/tokens", { name: "docs", role: "viewer" })).json.token;
    expect((await app.client().withToken(token).get("/openapi.json")).status).toBe(200);
  });

  it("has every ENDPOINT, by path and method, and nothing else", () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort());
    for (const spec of ENDPOINTS) {
      const op = doc.paths[spec.path]![spec.method.toLowerCase()]!;
      expect(op.operationId).toBe(spec.operationId);
      expect(op.security.length === 0, spec.operationId).toBe(spec.access === "public");
      expect(Object.keys(op.responses)).toContain(String(spec.successStatus ?? 200));
    }
  });

  it("documents path parameters for templated paths", () => {
    for (const spec of ENDPOINTS.filter((e) => e.path.includes("{"))) {
      const op = doc.paths[spec.path]![spec.method.toLowerCase()]!;
      const names = [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        op.parameters.filter((p) => p.in === "path").map((p) => p.name),
        spec.operationId,
      ).toEqual(names);
    }
  });

  it("has a JSON request body schema for every POST and PATCH that takes a body, and none for those that do not", () => {
    const writes = ENDPOINTS.filter((e) => e.method === "POST" || e.method === "PATCH");
    expect(writes.filter((e) => e.body).length).toBeGreaterThanOrEqual(9);
    for (const spec of writes) {
      const op = doc.paths[spec.path]![spec.method.toLowerCase()]!;
      if (!spec.body) {
        expect(op.requestBody, spec.operationId).toBeUndefined();
        continue;
      }
      expect(op.requestBody?.required, spec.operationId).toBe(true);
      const schema = op.requestBody!.content["application/json"]!.schema;
      expect(objectSchemas(schema).length, spec.operationId).toBeGreaterThan(0);
    }
  });

  it("marks strict schemas with additionalProperties: false, down to nested objects", () => {
    const loose: string[] = [];
    for (const spec of ENDPOINTS.filter((e) => e.body)) {
      const op = doc.paths[spec.path]![spec.method.toLowerCase()]!;
      for (const [where, schema] of objectSchemas(op.requestBody!.content["application/json"]!.schema)) {
        if (schema.additionalProperties !== false) loose.push(`${spec.operationId} ${where}`);
      }
    }
    expect(loose).toEqual([]);
  });

  it("describes the device bodies field by field", () => {
    const create = doc.paths["/devices"]!.post!.requestBody!.content["application/json"]!.schema;
    const variants = objectSchemas(create)
      .filter(([, s]) => s.properties?.kind)
      .map(([, s]) => s);
    expect(variants).toHaveLength(2);
    const routeros = variants.find((s) => JSON.stringify(s.properties!.kind).includes("routeros"))!;
    expect(Object.keys(routeros.properties!).sort()).toEqual(["comment", "host", "kind", "name", "password", "port", "transport", "username"]);
    expect(routeros.required).toEqual(expect.arrayContaining(["kind", "name", "host", "username", "password"]));
    const linux = variants.find((s) => JSON.stringify(s.properties!.kind).includes("linux"))!;
    expect(Object.keys(linux.properties!)).toContain("auth");
    const port = routeros.properties!.port as { minimum?: number; maximum?: number };
    expect([port.minimum, port.maximum]).toEqual([1, 65535]);
  });

  it("documents the audit query as parameters", () => {
    const params = doc.paths["/audit"]!.get!.parameters.filter((p) => p.in === "query").map((p) => p.name);
    expect(params.sort()).toEqual(["before", "device", "from", "limit", "outcome", "to", "user"]);
  });
});
