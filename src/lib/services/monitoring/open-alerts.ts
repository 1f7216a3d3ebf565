import "server-only";
import type { Tx } from "../serializable";

// Open alerts per device id, for the fleet's "open alerts" column and its ordering. The alerts slice fills this in
// from its own table; until then no device has an open alert, so the map is empty.
export async function openAlertCounts(_db: Tx): Promise<Map<string, number>> {
  return new Map();
}
