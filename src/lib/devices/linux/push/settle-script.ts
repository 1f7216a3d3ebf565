import { z } from "zod";
import { GATEWAY_PATHS } from "@/lib/domain/compile/linux/layout";
import { abandonScript, outcomeOfScript, PUSH_LOCK, pushDir, TABLE, TABLE_HASH } from "./remote-scripts";
import { PRESENT_FN } from "./remove-scripts";
import { ROOT_CHECK } from "./script-kit";

// What a gateway can say, in one round trip, about a push a dashboard lost (it stopped mid-push). In order of
// strength: the switch still armed or its rollback under way (DIR/armed, DIR/fired); the push's ending in the
// outcome list (written by the confirm and by every rollback, the switch's included); the push's directory or
// lock without either, which a push stopped before arming leaves (let go here, as the pusher would have); and
// what the gateway runs now (applied plan hash, Waymark's table, any Waymark object at all), for the rest.

export function settleScript(pushId: string): string {
  const dir = pushDir(pushId);
  return [
    ROOT_CHECK,
    PRESENT_FN,
    `if [ -e ${dir}/armed ]; then echo switch=armed; exit 0; fi`,
    `if [ -e ${dir}/fired ]; then echo switch=fired; exit 0; fi`,
    `o=$(${outcomeOfScript(pushId)}) || o=""`,
    'echo "outcome=$o"',
    `if [ -z "$o" ] && { [ -d ${dir} ] || [ "$(cat ${PUSH_LOCK}/id 2>/dev/null)" = "${pushId}" ]; }; then`,
    abandonScript(dir, pushId),
    `  rmdir ${GATEWAY_PATHS.runDir} 2>/dev/null`,
    "  echo abandoned=yes",
    "fi",
    `echo "applied=$(cat ${GATEWAY_PATHS.configDir}/applied.sha256 2>/dev/null)"`,
    `if nft list table ${TABLE} >/dev/null 2>&1; then echo "table=$(${TABLE_HASH})"; else echo table=; fi`,
    'echo "present=$(waymark_present)"',
  ].join("\n");
}

const hash = z.string().regex(/^[0-9a-f]{64}$/);
export const ZGatewaySettle = z.object({
  switch: z.enum(["armed", "fired"]).nullable(),
  outcome: z.enum(["confirmed", "rolled-back"]).nullable(),
  abandoned: z.boolean(),
  appliedPlanHash: hash.nullable(),
  /** Waymark's table fingerprint (as a confirm records it), null without the table. */
  tableHash: hash.nullable(),
  /** Kinds of Waymark objects on the gateway ("nft-table", "rules", "files" …); empty when none is left. */
  present: z.array(z.string()),
});
export type GatewaySettle = z.infer<typeof ZGatewaySettle>;

export function parseSettle(stdout: string): GatewaySettle {
  const fields = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const orNull = (value: string | undefined) => (value ? value : null);
  // A hand-edited file is not evidence: only a well-formed hash counts.
  const hashOrNull = (value: string | undefined) => (value && /^[0-9a-f]{64}$/.test(value) ? value : null);
  const sw = fields.get("switch");
  return ZGatewaySettle.parse({
    switch: orNull(sw),
    outcome: sw ? null : orNull(fields.get("outcome")),
    abandoned: fields.get("abandoned") === "yes",
    appliedPlanHash: hashOrNull(fields.get("applied")),
    tableHash: hashOrNull(fields.get("table")),
    present: (fields.get("present") ?? "").split(" ").filter(Boolean),
  });
}
