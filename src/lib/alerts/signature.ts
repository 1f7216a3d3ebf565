import { createHmac, timingSafeEqual } from "node:crypto";

// Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>" with the channel's secret, hex, sent as
// `X-Waymark-Signature: sha256=<hex>` beside `X-Waymark-Timestamp: <unix seconds>`. The timestamp is inside the
// MAC so a receiver can refuse a replayed old message (README "Alert webhooks").

export const SIGNATURE_HEADER = "X-Waymark-Signature";
export const TIMESTAMP_HEADER = "X-Waymark-Timestamp";

export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
