import "server-only";
import { z } from "zod";
import { requireRole, type ServiceContext } from "../context";
import { getDeviceOrThrow } from "../devices/internal";

export const MonitoringSettingsInput = z.strictObject({
  /** How often the monitor polls the device, in seconds. */
  pollIntervalSec: z.number().int().min(1).max(300).optional(),
  /** false: no session, no history, no alerts for this device. */
  monitored: z.boolean().optional(),
});

export type MonitoringSettings = { deviceId: string; pollIntervalSec: number; monitored: boolean };

/** Changes how the monitor watches a device; the poller picks it up within a second or two. */
export async function setMonitoring(ctx: ServiceContext, deviceId: string, input: z.input<typeof MonitoringSettingsInput>): Promise<MonitoringSettings> {
  requireRole(ctx, "operator");
  const changes = MonitoringSettingsInput.parse(input);
  await getDeviceOrThrow(ctx.db, deviceId);
  const row = await ctx.db.device.update({ where: { id: deviceId }, data: changes, select: { id: true, pollIntervalSec: true, monitored: true } });
  return { deviceId: row.id, pollIntervalSec: row.pollIntervalSec, monitored: row.monitored };
}
