import type { CommandOptions, RouterOsClient, RouterOsResult } from "../api-client";

// At most two commands of one session in flight at a time, the rest queued in order. Many tagged commands open on
// one API connection starve small routers: MikroDash #104 saw a hAP ac2 with ~17 concurrent streams deliver 28 of
// 120 expected updates, and its maintainer found "the number of concurrent open channels rather than data volume"
// to blame (shared/reference/anchors-monitoring-ui-cluster.md, A2). Two keeps one reply's latency hidden behind
// the other's without a burst; the read-back code still writes its prints with Promise.all and needs no change.

export const MAX_IN_FLIGHT = 2;

export type LimitedClient = {
  client: RouterOsClient;
  /** The most commands this client had in flight at once: never more than the limit. */
  peak: () => number;
};

export function limitInFlight(inner: RouterOsClient, max: number = MAX_IN_FLIGHT): LimitedClient {
  let running = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (running < max) {
      running += 1;
      peak = Math.max(peak, running);
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      waiting.push(() => {
        // The slot is handed over by release(): `running` stays the same.
        resolve();
      }),
    );
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  const command = async (words: readonly string[], options?: CommandOptions): Promise<RouterOsResult> => {
    await acquire();
    try {
      return await inner.command(words, options);
    } finally {
      release();
    }
  };
  const client: RouterOsClient = {
    command,
    // A stream holds its tag until cancelled: the watch never opens one (see ./index.ts on /listen).
    stream: () => {
      throw new Error("a watched session takes no streams: they would hold a slot of the two in flight");
    },
    close: () => inner.close(),
    get closed() {
      return inner.closed;
    },
  };
  return { client, peak: () => peak };
}
