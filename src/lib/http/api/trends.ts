import { ZTrends } from "@/lib/domain/monitor/history/trends";
import { ZSiteTrends } from "@/lib/domain/site/trends";
import { SiteTrendsQuery, TrendsQuery } from "@/lib/services/trends/trends-query";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

export const getTrends = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/trends",
  operationId: "device.trends",
  tag: "monitoring",
  access: "viewer",
  summary:
    "A device's history over a span (raw up to 2 h, a point per minute up to 3 days, per hour beyond): per link and backend one array per metric aligned on `times`, the link bands and the state changes",
  params: ZIdParams,
  query: TrendsQuery,
  response: ZTrends,
});

export const getSiteTrends = defineEndpoint({
  method: "GET",
  path: "/sites/{id}/trends",
  operationId: "site.trends",
  tag: "monitoring",
  access: "viewer",
  summary:
    "A site's history over the last 15m, 1h, 6h, 24h, 7d or 30d: per member its traffic, connections, buckets or sessions and its state bands, per server behind the edge what the edge forwarded, and the members' node, route and BGP changes",
  params: ZIdParams,
  query: SiteTrendsQuery,
  response: ZSiteTrends,
});
