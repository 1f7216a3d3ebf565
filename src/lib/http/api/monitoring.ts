import { z } from "zod";
import { ZFleetRow } from "@/lib/domain/monitor/live";
import { defineEndpoint } from "../endpoint";
import { ZIdParams } from "./common";

// The monitor's API: live feeds as Server-Sent Events (the first event a snapshot, then updates, a keep-alive
// comment every 15 s), the fleet at a glance, and how a device is monitored.

const ZFleet = z.object({ rows: z.array(ZFleetRow) });

export const deviceLive = defineEndpoint({
  method: "GET",
  path: "/devices/{id}/live",
  operationId: "device.live",
  tag: "monitoring",
  access: "viewer",
  summary:
    "Server-Sent Events: `snapshot` {live, recent} (the last update and minutes of rates), then `update` (a DeviceLive) after each poll, `: keep-alive` every 15 s",
  params: ZIdParams,
  produces: "text/event-stream",
});

export const siteLive = defineEndpoint({
  method: "GET",
  path: "/sites/{id}/live",
  operationId: "site.live",
  tag: "monitoring",
  access: "viewer",
  summary:
    "Server-Sent Events: `snapshot` {live, recent} (the site's last update, or null before its first poll, and minutes of its members' rates), then `update` (a SiteLive: every member's reading, rates and poll state, and the summary worst first) after each poll, `: keep-alive` every 15 s",
  params: ZIdParams,
  produces: "text/event-stream",
});

export const fleetLive = defineEndpoint({
  method: "GET",
  path: "/fleet/live",
  operationId: "fleet.live",
  tag: "monitoring",
  access: "viewer",
  summary: "Server-Sent Events: `snapshot` {rows} worst first, then `row` (a FleetRow) on each device update and `removed` {deviceId}",
  produces: "text/event-stream",
});

export const fleet = defineEndpoint({
  method: "GET",
  path: "/fleet",
  operationId: "fleet.list",
  tag: "monitoring",
  access: "viewer",
  summary: "Every device at a glance, worst first: reachability, links by health, backends down, drift, last push, open alerts",
  response: ZFleet,
});

export const setMonitoring = defineEndpoint({
  method: "PATCH",
  path: "/devices/{id}/monitoring",
  operationId: "device.monitoring.set",
  tag: "monitoring",
  access: "operator",
  summary: "Change how often the monitor polls the device (1–300 s) or turn its monitoring off and on",
  params: ZIdParams,
  body: z.strictObject({ pollIntervalSec: z.number().int().min(1).max(300).optional(), monitored: z.boolean().optional() }),
  response: z.object({ deviceId: z.string(), pollIntervalSec: z.number().int(), monitored: z.boolean() }),
  auditDetail: (body) => body as Record<string, unknown>,
});
