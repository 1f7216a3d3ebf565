// The devices the site form offers and what it knows of their interfaces.

export type DeviceChoice = { id: string; name: string; kind: "routeros" | "linux" };

export type DeviceInterface = { name: string; up: boolean; addresses: string[] };

/** Not read yet (no entry), being read, read, or the reason it could not be. */
export type InterfaceKnowledge = { state: "reading" } | { state: "known"; interfaces: DeviceInterface[] } | { state: "failed"; reason: string };

/** Why a device cannot be a member, or null when it can. */
export function memberRefusal(device: DeviceChoice): string | null {
  return device.kind === "routeros" ? "a MikroTik router: sites run on Linux servers and gateways (BIRD, nftables, the heartbeat daemon)" : null;
}
