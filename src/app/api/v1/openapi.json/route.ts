// GET /api/v1/openapi.json – the OpenAPI document, built from the same zod schemas that validate requests
import { NextResponse } from "next/server";
import { admin } from "@/lib/http/api";
import { handle } from "@/lib/http/handle";
import { buildOpenApiDocument } from "@/lib/http/openapi";

const document = handle(admin.openapi, async () => ({ data: null }));

export async function GET(request: Request, route: { params: Promise<Record<string, string>> }) {
  const refused = await document(request, route);
  if (refused.status !== 200) return refused;
  return NextResponse.json(buildOpenApiDocument());
}
