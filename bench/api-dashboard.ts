// A dashboard for the push benchmarks, reached as an automation reaches it: the app's real route handlers (the
// same files Next.js serves from src/app/api/v1) behind a plain node:http server on 127.0.0.1, a fresh SQLite
// database and data dir, and an admin API token sent as a bearer header. Pushes run in this process in the
// background, exactly as in the dashboard. What it leaves out is Next.js's own routing (no build needed).
// Import it after bench/linux-lab.ts, whose loader hook lets "server-only" modules load outside Next.js.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const { importRoute, resolveRoute, setupAdmin, startAppEnvironment } = await import("../tests/integration/support");

export type ApiReply = { status: number; json: any };
export type ApiDashboard = {
  call: (method: string, apiPath: string, body?: unknown) => Promise<ApiReply>;
  close: () => Promise<void>;
};

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const apiPath = url.pathname.replace(/^\/api\/v1/, "") + url.search;
  const { route, params } = resolveRoute(apiPath);
  const handler = (await importRoute(route))[request.method ?? "GET"];
  if (!handler) {
    response.writeHead(405).end();
    return;
  }
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(key, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const reply = await handler(new Request(url, { method: request.method, headers, body }), { params: Promise.resolve(params) });
  response.writeHead(reply.status, Object.fromEntries(reply.headers));
  response.end(Buffer.from(await reply.arrayBuffer()));
}

export async function startApiDashboard(): Promise<ApiDashboard> {
  const app = await startAppEnvironment("sqlite");
  const admin = await setupAdmin(app);
  const token = await admin.post("/tokens", { name: "bench automation", role: "admin" });
  if (token.status !== 201) throw new Error(`token: ${token.status} ${token.text}`);
  const secret = token.json.token as string;
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return {
    call: async (method, apiPath, body) => {
      const reply = await fetch(`${base}${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await reply.text();
      return { status: reply.status, json: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}
