import { z } from "zod";
import { ZDeviceChanges, ZDeviceView, ZNewDevice } from "@/lib/domain/device";
import { AcceptHostKeyInput } from "@/lib/services/devices";
import { defineEndpoint } from "../endpoint";
import { ZIdParams, ZOk } from "./common";

const ZConnectionCheck = z.object({
  status: z.enum(["reachable", "unreachable", "auth_failed", "timed_out", "host_key_mismatch", "protocol_error"]),
  message: z.string().optional(),
  identity: z.string().optional(),
  model: z.string().optional(),
  version: z.string().optional(),
  hostKey: z.object({ algorithm: z.string(), fingerprint: z.string() }).optional(),
  presented: z.object({ algorithm: z.string(), fingerprint: z.string() }).optional(),
});

const deviceAudit = (body: unknown) => {
  const { name, host, kind } = body as { name?: string; host?: string; kind?: string };
  return { name, host, kind };
};

export const listDevices = defineEndpoint({
  method: "GET",
  path: "/devices",
  operationId: "device.list",
  tag: "devices",
  access: "viewer",
  summary: "List devices",
  response: z.array(ZDeviceView),
});

export const createDevice = defineEndpoint({
  method: "POST",
  path: "/devices",
  operationId: "device.create",
  tag: "devices",
  access: "admin",
  summary: "Add a MikroTik router or Linux gateway",
  body: ZNewDevice,
  response: ZDeviceView,
  successStatus: 201,
  auditDetail: deviceAudit,
});

export const getDevice = defineEndpoint({
  method: "GET",
  path: "/devices/{id}",
  operationId: "device.get",
  tag: "devices",
  access: "viewer",
  summary: "One device",
  params: ZIdParams,
  response: ZDeviceView,
});

export const updateDevice = defineEndpoint({
  method: "PATCH",
  path: "/devices/{id}",
  operationId: "device.update",
  tag: "devices",
  access: "admin",
  summary: "Edit a device; absent credentials keep the stored ones",
  params: ZIdParams,
  body: ZDeviceChanges,
  response: ZDeviceView,
  auditDetail: deviceAudit,
});

export const deleteDevice = defineEndpoint({
  method: "DELETE",
  path: "/devices/{id}",
  operationId: "device.delete",
  tag: "devices",
  access: "admin",
  summary: "Remove a device from the inventory",
  params: ZIdParams,
  response: ZOk,
});

export const checkConnection = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/test-connection",
  operationId: "device.test-connection",
  tag: "devices",
  access: "operator",
  summary: "Connect with the stored credentials and read identity, model and version",
  params: ZIdParams,
  response: z.object({ check: ZConnectionCheck, device: ZDeviceView }),
});

export const acceptHostKey = defineEndpoint({
  method: "POST",
  path: "/devices/{id}/accept-host-key",
  operationId: "device.accept-host-key",
  tag: "devices",
  access: "admin",
  summary: "Trust the new SSH host key a Linux gateway presented",
  params: ZIdParams,
  body: AcceptHostKeyInput,
  response: ZDeviceView,
  auditDetail: (body) => ({ ...(body as object) }),
});

export const checkNewDevice = defineEndpoint({
  method: "POST",
  path: "/devices/test-connection",
  operationId: "device.test-new-connection",
  tag: "devices",
  access: "admin",
  summary: "Test connection for a device not saved yet (the add form's check); stores nothing",
  body: ZNewDevice,
  response: ZConnectionCheck,
  auditDetail: (body) => {
    const { name, host, kind, port } = body as { name?: string; host?: string; kind?: string; port?: number };
    return { name, host, kind, port };
  },
});
