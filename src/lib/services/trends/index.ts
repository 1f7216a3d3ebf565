export { getTrends, historyRetention } from "./get-trends";
export { TrendsQuery, type TrendsQueryInput } from "./trends-query";
export { getSiteTrends } from "./get-site-trends";
export { SiteTrendsQuery } from "./trends-query";
