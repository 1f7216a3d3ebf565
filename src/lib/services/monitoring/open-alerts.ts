import "server-only";
import { openAlertCountsByDevice } from "../alerts/list-alerts";
import type { Tx } from "../serializable";

// Open alerts per device id, for the fleet's "open alerts" column and its ordering (services/alerts owns the table).
export function openAlertCounts(db: Tx): Promise<Map<string, number>> {
  return openAlertCountsByDevice(db);
}
