import { HistoryFilters } from "@/lib/services/history";
import { defineEndpoint } from "../endpoint";

export const exportHistoryCsv = defineEndpoint({
  method: "GET",
  path: "/history.csv",
  operationId: "history.csv",
  tag: "history",
  access: "viewer",
  summary: "Every policy change as CSV (device, revision, who, when, why, what changed, outcome), with the history's filters",
  query: HistoryFilters,
  produces: "text/csv",
});
