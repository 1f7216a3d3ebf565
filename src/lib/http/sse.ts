import "server-only";
import type { LiveFeed } from "@/lib/services/monitoring";

// A live feed as Server-Sent Events: the snapshot first, then each event, and a comment every 15 s so proxies
// and browsers keep an idle stream open. The stream ends (and unsubscribes) when the client goes away.

export const KEEP_ALIVE_MS = 15_000;

const encoder = new TextEncoder();

const frame = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

export function eventStream(feed: LiveFeed, signal: AbortSignal): ReadableStream<Uint8Array> {
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(keepAlive);
        unsubscribe();
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      };
      stop = close;
      const enqueue = (bytes: Uint8Array) => {
        if (!open) return;
        try {
          controller.enqueue(bytes);
        } catch {
          close();
        }
      };
      enqueue(frame(feed.snapshot.event, feed.snapshot.data));
      const unsubscribe = feed.subscribe((e) => enqueue(frame(e.event, e.data)));
      const keepAlive = setInterval(() => enqueue(encoder.encode(": keep-alive\n\n")), KEEP_ALIVE_MS);
      keepAlive.unref?.();
      if (signal.aborted) close();
      else signal.addEventListener("abort", close);
    },
    cancel() {
      stop();
    },
  });
}
