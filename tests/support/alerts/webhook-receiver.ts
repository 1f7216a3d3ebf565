import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@/lib/alerts/signature";

// A real HTTP receiver on 127.0.0.1 for the webhook tests: answers each POST with the next scripted status (then
// 200), checks the HMAC signature with the shared secret, and keeps every request.

export type ReceivedHook = { status: number; signed: boolean; body: any; headers: Record<string, string | string[] | undefined> };

export type WebhookReceiver = {
  url: string;
  requests: ReceivedHook[];
  /** The bodies answered 2xx with a valid signature. */
  accepted(): any[];
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  stop(): Promise<void>;
};

export async function startWebhookReceiver(secret: string, statuses: number[] = []): Promise<WebhookReceiver> {
  const script = [...statuses];
  const requests: ReceivedHook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const timestamp = String(request.headers["x-waymark-timestamp"] ?? "");
      const signature = String(request.headers["x-waymark-signature"] ?? "");
      const signed = verifySignature(secret, timestamp, raw, signature);
      const status = signed ? (script.shift() ?? 200) : 401;
      requests.push({ status, signed, body: JSON.parse(raw), headers: request.headers });
      response.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/waymark`,
    requests,
    accepted: () => requests.filter((r) => r.signed && r.status >= 200 && r.status < 300).map((r) => r.body),
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhook requests, got ${requests.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return requests;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
