import "server-only";

// The one seam between Waymark and a device. Each kind (routeros/, linux/) implements it;
// services never see vendor vocabulary, and devices never see the database.

import type { DeviceKind } from "@/lib/domain/device";

export type { DeviceKind };

export type RouterOsTarget = {
  kind: "routeros";
  host: string;
  port: number;
  /** "plain" = 8728; "tls" = verified certificate; "tls-anon" = RouterOS's certificate-less anonymous-DH api-ssl. */
  transport: "plain" | "tls" | "tls-anon";
  username: string;
  password: string;
};

export type LinuxTarget = {
  kind: "linux";
  host: string;
  port: number;
  username: string;
  auth: { method: "password"; password: string } | { method: "key"; privateKey: string; passphrase?: string };
  /** OpenSSH-style "SHA256:…" fingerprint pinned on first contact; null means "not pinned yet, learn it". */
  pinnedHostKey: string | null;
};

export type DeviceTarget = RouterOsTarget | LinuxTarget;

export type DeviceIdentity = {
  identity: string; // RouterOS /system identity, or the Linux hostname
  model: string; // board name, or DMI product / device-tree model
  version: string; // RouterOS version, or "Debian GNU/Linux 12 (bookworm), kernel 6.1.0"
  hostKey?: { algorithm: string; fingerprint: string }; // Linux only
};

export type ConnectionFailure =
  | { status: "unreachable"; message: string }
  | { status: "auth_failed"; message: string }
  | { status: "timed_out"; message: string }
  | { status: "host_key_mismatch"; message: string; presented: { algorithm: string; fingerprint: string } }
  | { status: "protocol_error"; message: string };

export type ConnectionCheck = ({ status: "reachable" } & DeviceIdentity) | ConnectionFailure;

export type ConnectionOptions = {
  /** Whole-check budget, connect + login + identity reads. */
  timeoutMs: number;
};

export type DeviceDriver = {
  readonly kind: DeviceKind;
  /** Connects, authenticates, reads identity. Never throws for device-side failures: they are results. */
  checkConnection: (options: ConnectionOptions) => Promise<ConnectionCheck>;
};
