import "server-only";
import { proposeSetup as proposeFrom, type SetupProposal } from "@/lib/domain/device/propose";
import type { Capabilities } from "@/lib/domain/device/capabilities";
import { requireRole, type ServiceContext } from "../context";
import { talkingToDevice } from "../devices/device-failure";
import { getDeviceOrThrow } from "../devices/internal";
import { getPolicy, type PolicyView } from "../policies";
import { driverForDevice } from "../pushes/driver-for-device";

export type SetupProposalView = {
  device: { id: string; name: string; kind: "routeros" | "linux" };
  /** What inspection found, in one line: "edge-01 (CHR, RouterOS 7.16.2), safe mode available". */
  summary: string;
  capabilities: Pick<Capabilities, "softwareVersion" | "firewall" | "probeTypes" | "minProbeIntervalMs">;
  /** Every interface the device has, for the admin to pick another one than proposed. */
  interfaces: Capabilities["interfaces"];
  proposal: SetupProposal;
  /** The policy already saved for the device, to start from instead of the proposal. */
  existing: PolicyView | null;
};

// The wizard's first step: read the device (interfaces with addresses and how they got them, default routes) and
// propose which are WAN links and which LAN, each with its reason. Operators only: inspection talks to the device.
export async function proposeSetup(ctx: ServiceContext, deviceId: string): Promise<SetupProposalView> {
  requireRole(ctx, "operator");
  const device = await getDeviceOrThrow(ctx.db, deviceId);
  const inspection = await talkingToDevice(() => driverForDevice(device).inspect());
  const { capabilities } = inspection;
  return {
    device: { id: device.id, name: device.name, kind: device.kind === "linux" ? "linux" : "routeros" },
    summary: inspection.summary,
    capabilities: {
      softwareVersion: capabilities.softwareVersion,
      firewall: capabilities.firewall,
      probeTypes: capabilities.probeTypes,
      minProbeIntervalMs: capabilities.minProbeIntervalMs,
    },
    interfaces: capabilities.interfaces,
    proposal: proposeFrom(capabilities, { managementHost: device.host }),
    existing: await getPolicy(ctx, deviceId),
  };
}
