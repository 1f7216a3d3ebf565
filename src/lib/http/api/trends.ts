import { ZTrends } from "@/lib/domain/monitor/history/trends";
import { TrendsQuery } from "@/lib/services/trends/trends-query";
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
