export { getTrends, historyRetention } from "./get-trends";
export { TrendsQuery, type TrendsQueryInput } from "./trends-query";
