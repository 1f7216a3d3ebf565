import "server-only";
import type { z } from "zod";
import type { ServiceContext } from "../context";
import { toCsv } from "../csv";
import type { HistoryFilters } from "./filters";
import { listHistory } from "./list-history";

const HEADER = ["device", "revision", "saved at (UTC)", "saved by", "reason", "changes", "outcome", "why it did not take", "pushes"];

// The history as a spreadsheet, with the same filters as the screen: one row per revision.
export async function exportHistoryCsv(ctx: ServiceContext, input: z.input<typeof HistoryFilters>): Promise<string> {
  const entries = await listHistory(ctx, input);
  return toCsv(
    HEADER,
    entries.map((e) => {
      const last = e.pushes[0];
      const why = last?.status === "confirmed" || last?.status === "unchanged" ? "" : (last?.error ?? last?.failedStep?.detail ?? "");
      return [
        e.deviceName,
        e.revision,
        e.savedAt,
        e.savedBy,
        e.reason,
        e.changes.map((c) => c.text).join("; "),
        e.outcome.replace("_", " "),
        why,
        e.pushes.length,
      ];
    }),
  );
}
