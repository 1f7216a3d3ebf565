import { z } from "zod";
import { ZComment, ZDisplayName, ZHost, ZLoginName, ZPort } from "./grammar";

// The device inventory's vocabulary. Credentials appear only in inputs; views never carry them.
export const DEVICE_KINDS = ["routeros", "linux"] as const;
export const ZDeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof ZDeviceKind>;

/** plain = API on 8728; tls = api-ssl with a certificate; tls-anon = api-ssl without one (anonymous DH). */
export const ZRouterOsTransport = z.enum(["plain", "tls", "tls-anon"]);
export type RouterOsTransport = z.infer<typeof ZRouterOsTransport>;

export function defaultPort(kind: DeviceKind, transport?: RouterOsTransport): number {
  if (kind === "linux") return 22;
  return transport === "plain" || transport === undefined ? 8728 : 8729;
}

export const ZDevicePassword = z.string().min(1, "required").max(256);

export const ZPrivateKey = z
  .string()
  .max(16 * 1024, "a private key is at most 16 KiB")
  .refine((v) => /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(v.trim()), "paste the whole private key, starting with -----BEGIN … PRIVATE KEY-----");

export const ZLinuxAuth = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("password"), password: ZDevicePassword }),
  z.strictObject({ method: z.literal("key"), privateKey: ZPrivateKey, passphrase: z.string().max(256).optional() }),
]);
export type LinuxAuth = z.infer<typeof ZLinuxAuth>;

const common = { name: ZDisplayName, host: ZHost, port: ZPort.optional(), username: ZLoginName, comment: ZComment.default("") };

export const ZNewRouterOsDevice = z.strictObject({
  kind: z.literal("routeros"),
  ...common,
  transport: ZRouterOsTransport.default("plain"),
  password: ZDevicePassword,
});

export const ZNewLinuxDevice = z.strictObject({ kind: z.literal("linux"), ...common, auth: ZLinuxAuth });

export const ZNewDevice = z.discriminatedUnion("kind", [ZNewRouterOsDevice, ZNewLinuxDevice]);
export type NewDevice = z.infer<typeof ZNewDevice>;

/** Edits never change the kind; absent credentials keep the stored ones. */
export const ZDeviceChanges = z.strictObject({
  name: ZDisplayName.optional(),
  host: ZHost.optional(),
  port: ZPort.optional(),
  username: ZLoginName.optional(),
  comment: ZComment.optional(),
  transport: ZRouterOsTransport.optional(),
  password: ZDevicePassword.optional(),
  auth: ZLinuxAuth.optional(),
});
export type DeviceChanges = z.infer<typeof ZDeviceChanges>;

export const CONNECTION_STATUSES = ["reachable", "unreachable", "auth_failed", "timed_out", "host_key_mismatch", "protocol_error"] as const;
export const ZConnectionStatus = z.enum(CONNECTION_STATUSES);
export type ConnectionStatus = z.infer<typeof ZConnectionStatus>;

export const ZHostKey = z.object({ algorithm: z.string(), fingerprint: z.string() });

export const ZDeviceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZDeviceKind,
  host: z.string(),
  port: z.number(),
  transport: ZRouterOsTransport.nullable(),
  username: z.string(),
  authMethod: z.enum(["password", "key"]).nullable(),
  comment: z.string(),
  hostKey: ZHostKey.nullable().describe("The pinned SSH host key (Linux)."),
  pendingHostKey: ZHostKey.nullable().describe("A different key the device presented; an admin must accept it."),
  lastCheck: z.object({ status: ZConnectionStatus, message: z.string().nullable(), at: z.string() }).nullable(),
  identity: z.string().nullable(),
  model: z.string().nullable(),
  version: z.string().nullable(),
  monitoring: z.object({ pollIntervalSec: z.number().int(), monitored: z.boolean() }).describe("How the monitor polls the device."),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeviceView = z.infer<typeof ZDeviceView>;
