import { defineEndpoint } from "../endpoint";

export const scrapeMetrics = defineEndpoint({
  method: "GET",
  path: "/metrics",
  operationId: "metrics.scrape",
  tag: "monitoring",
  access: "viewer",
  summary:
    "Prometheus exposition of the fleet (also served at /metrics): device up, poll duration and error; link state, probe loss and RTT; link, rule and backend counters; site members (up, VIP buckets and packets, anycast announcements, BGP and BFD sessions, the edge's next hops and forwarding). Bearer token, viewer or above",
  produces: "text/plain; version=0.0.4",
});
