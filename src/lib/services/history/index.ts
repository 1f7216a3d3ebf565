export { listHistory, HISTORY_LIMIT } from "./list-history";
export { historyChoices } from "./history-choices";
export { getHistoryEntry, type HistoryDetail, type PlanText } from "./get-history-entry";
export { exportHistoryCsv } from "./export-history-csv";
export { HistoryFilters } from "./filters";
