import "server-only";
import { z } from "zod";
import type { EndpointSpec } from "./endpoint";
import { ENDPOINTS } from "./api";

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  return z.toJSONSchema(schema, { io, target: "openapi-3.0", unrepresentable: "any" });
}

function operation(spec: EndpointSpec) {
  const success = String(spec.successStatus ?? 200);
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    tags: [spec.tag],
    security: spec.access === "public" ? [] : [{ session: [] }, { bearer: [] }],
    "x-waymark-role": spec.access,
    parameters: [...pathParameters(spec), ...queryParameters(spec)],
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body, "input") } } } } : {}),
    responses: {
      [success]: spec.produces
        ? { description: "OK", content: { [spec.produces]: { schema: { type: "string" } } } }
        : spec.response
          ? { description: "OK", content: { "application/json": { schema: jsonSchema(spec.response, "output") } } }
          : { description: "OK" },
      default: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    },
  };
}

function pathParameters(spec: EndpointSpec) {
  return Object.keys(spec.params?.shape ?? {}).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

function queryParameters(spec: EndpointSpec) {
  if (!spec.query) return [];
  const schema = jsonSchema(spec.query, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query",
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

export function buildOpenApiDocument(endpoints: EndpointSpec[] = ENDPOINTS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of endpoints) {
    paths[spec.path] ??= {};
    paths[spec.path]![spec.method.toLowerCase()] = operation(spec);
  }
  return {
    openapi: "3.0.3",
    info: { title: "Waymark API", version: "1", description: "Everything the dashboard does, as JSON over HTTP." },
    servers: [{ url: "/api/v1" }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (wmk_…) created by an admin" },
        session: { type: "apiKey", in: "cookie", name: "wm_session", description: "Browser session; writes also need X-CSRF-Token" },
      },
    },
  };
}
