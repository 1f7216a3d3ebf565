export { scrapeMetrics } from "./scrape-metrics";
