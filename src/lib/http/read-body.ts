import "server-only";
import type { z } from "zod";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 1024 * 1024;

// Reads at most 1 MiB whatever Content-Length claims, so a lying or chunked client cannot make us buffer more.
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError("unsupported_media_type", "send the body as application/json");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = decodeUtf8(await readCapped(request));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiError("bad_request", `the body is not valid JSON: ${(error as Error).message}`);
  }
  assertWellFormedStrings(json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

// Invalid UTF-8 and lone surrogates would otherwise become U+FFFD on the way in or out of the database, so a
// stored password or name would silently differ from the one sent; both are refused instead.
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("bad_request", "the body is not valid UTF-8");
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Iterative, so that a deeply nested body cannot overflow the stack.
function assertWellFormedStrings(json: unknown): void {
  const pending: { value: unknown; path: string }[] = [{ value: json, path: "" }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) throw loneSurrogate(path);
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) pending.push({ value: item, path: join(path, String(i)) });
    } else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) throw loneSurrogate(path);
        pending.push({ value: item, path: join(path, key) });
      }
    }
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function loneSurrogate(path: string): ApiError {
  return new ApiError("bad_request", `${path || "body"}: contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not a character`);
}

async function readCapped(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`);
}
