import "server-only";
import http from "node:http";
import https from "node:https";
import type { WebhookSettings } from "@/lib/domain/alerts/channel";
import { type Notice, webhookBody } from "@/lib/domain/alerts/notice";
import type { AlertLinks, SendOutcome } from "./outcome";
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./signature";

const TIMEOUT_MS = 10_000;

/**
 * POSTs one notice as the v1 JSON body, signed when the channel has a secret. 2xx is sent; anything else, a
 * redirect included (never followed: a redirect could carry the alert to another host), is a failed attempt.
 */
export async function sendWebhook(
  settings: WebhookSettings,
  secret: string | null,
  notice: Notice,
  links: AlertLinks,
  nowMs = Date.now(),
): Promise<SendOutcome> {
  const body = JSON.stringify(webhookBody(notice, nowMs, links.device));
  const timestamp = String(Math.floor(nowMs / 1000));
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    "User-Agent": "Waymark-Alerts/1",
    [TIMESTAMP_HEADER]: timestamp,
  };
  if (secret) headers[SIGNATURE_HEADER] = signBody(secret, timestamp, body);
  const url = new URL(settings.url);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(url, { method: "POST", headers, timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      const words = `${status}${response.statusMessage ? ` ${response.statusMessage}` : ""}`;
      if (status >= 200 && status < 300) resolve({ ok: true, detail: `the receiver answered HTTP ${words}` });
      else if (status >= 300 && status < 400) resolve({ ok: false, detail: `the receiver answered HTTP ${words}, a redirect, which Waymark does not follow` });
      else resolve({ ok: false, detail: `the receiver answered HTTP ${words}` });
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ECONNREFUSED" ? "connection refused" : error.code === "ENOTFOUND" ? "the name does not resolve" : error.message;
      resolve({ ok: false, detail: `could not reach ${url.host}: ${why}` });
    });
    request.end(body);
  });
}
