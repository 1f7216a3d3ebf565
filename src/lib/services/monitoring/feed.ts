import "server-only";

// A live feed: what a subscriber gets first, then each named event as it happens. The HTTP edge writes it as
// Server-Sent Events (src/lib/http/sse.ts); the services decide what is in it and who may see it.

export type FeedEvent = { event: string; data: unknown };

export type LiveFeed = {
  snapshot: FeedEvent;
  /** Starts the events; returns the stop (called when the subscriber goes away). */
  subscribe: (send: (event: FeedEvent) => void) => () => void;
};
