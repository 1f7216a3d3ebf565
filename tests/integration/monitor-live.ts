// Helpers for the monitor suites: waiting for the live bus, and reading an SSE route in-process the way a browser
// reads it (the session cookie, an abort when the page goes away).
import type { DeviceLive } from "@/lib/domain/monitor/live";
import { liveBus } from "@/lib/live/bus";
import { importRoute, resolveRoute, type ApiClient } from "./support";

/** Collects the device's next `count` updates that satisfy `accept`. */
export function nextUpdates(deviceId: string, count: number, accept: (u: DeviceLive) => boolean = () => true, timeoutMs = 20_000): Promise<DeviceLive[]> {
  return new Promise((resolve, reject) => {
    const seen: DeviceLive[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${seen.length} of ${count} updates in ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = liveBus().subscribe(deviceId, (update) => {
      if (!accept(update)) return;
      seen.push(update);
      if (seen.length < count) return;
      clearTimeout(timer);
      stop();
      resolve(seen);
    });
  });
}

export const nextUpdate = async (deviceId: string, accept?: (u: DeviceLive) => boolean, timeoutMs?: number) =>
  (await nextUpdates(deviceId, 1, accept, timeoutMs))[0]!;

/** Every update of the device while `work` runs. */
export async function updatesDuring(deviceId: string, work: () => Promise<unknown>): Promise<DeviceLive[]> {
  const seen: DeviceLive[] = [];
  const stop = liveBus().subscribe(deviceId, (u) => seen.push(u));
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}

export type SseEvent = { event: string; data: any };

export type EventReader = { status: number; headers: Headers; next: (timeoutMs?: number) => Promise<SseEvent | null>; abort: () => void };

/** Opens an SSE route as the client (cookie), returning its events one by one; null once the stream ended. */
export async function openEvents(client: ApiClient, apiPath: string): Promise<EventReader> {
  const { route, params } = resolveRoute(apiPath);
  const handler = (await importRoute(route)).GET!;
  const controller = new AbortController();
  const headers = new Headers({ "x-forwarded-for": client.ip, cookie: `wm_session=${client.cookie}` });
  const response = await handler(new Request(`http://127.0.0.1/api/v1${apiPath}`, { headers, signal: controller.signal }), { params: Promise.resolve(params) });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const next = async (timeoutMs = 10_000): Promise<SseEvent | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(":")) continue;
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(block)?.[1];
        return { event, data: data === undefined ? undefined : JSON.parse(data) };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event from ${apiPath} in ${timeoutMs} ms`);
      // A read that outlives the timeout stays pending for the next call; its chunk must not be lost.
      pending ??= reader.read();
      const chunk = await Promise.race([pending, new Promise<"late">((r) => setTimeout(() => r("late"), left))]);
      if (chunk === "late") continue;
      pending = null;
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { status: response.status, headers: response.headers, next, abort: () => controller.abort() };
}
