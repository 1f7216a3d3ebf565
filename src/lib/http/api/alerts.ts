import { ZChannelInput, ZChannelView } from "@/lib/domain/alerts/channel";
import { ZRuleInput, ZRuleView } from "@/lib/domain/alerts/rule";
import { ZAlertList, ZTestOutcome } from "@/lib/domain/alerts/view";
import { z } from "zod";
import { defineEndpoint } from "../endpoint";
import { ZIdParams, ZOk } from "./common";

// Alerts: the incidents, the channels they go to (e-mail, signed webhook) and the rules that decide. Channel
// secrets are write-only: accepted in `secret`, shown back only as `secretSet`, never written to the audit log.

const channelAudit = (body: unknown) => {
  const c = body as z.infer<typeof ZChannelInput>;
  return { name: c.name, kind: c.settings.kind, enabled: c.enabled, secret: c.secret === undefined ? "kept" : c.secret === "" ? "removed" : "set" };
};
const ruleAudit = (body: unknown) => {
  const r = body as z.infer<typeof ZRuleInput>;
  return { name: r.name, events: r.events, devices: r.deviceIds ?? "all", channels: r.channelIds, enabled: r.enabled };
};

export const listAlerts = defineEndpoint({
  method: "GET",
  path: "/alerts",
  operationId: "alert.list",
  tag: "alerts",
  access: "viewer",
  summary: "Open alerts (oldest first) and the 50 most recently resolved, each with its timeline and deliveries",
  response: ZAlertList,
});

export const listChannels = defineEndpoint({
  method: "GET",
  path: "/alerts/channels",
  operationId: "alert-channel.list",
  tag: "alerts",
  access: "viewer",
  summary: "Alert channels; secrets only as set / not set",
  response: z.array(ZChannelView),
});

export const createChannel = defineEndpoint({
  method: "POST",
  path: "/alerts/channels",
  operationId: "alert-channel.create",
  tag: "alerts",
  access: "admin",
  summary: "Add an e-mail (SMTP) or webhook channel; `secret` is the SMTP password or the webhook's HMAC key",
  body: ZChannelInput,
  response: ZChannelView,
  successStatus: 201,
  auditDetail: channelAudit,
});

export const updateChannel = defineEndpoint({
  method: "PUT",
  path: "/alerts/channels/{id}",
  operationId: "alert-channel.update",
  tag: "alerts",
  access: "admin",
  summary: "Change a channel; without `secret` the stored one is kept, an empty `secret` removes it",
  params: ZIdParams,
  body: ZChannelInput,
  response: ZChannelView,
  auditDetail: channelAudit,
});

export const deleteChannel = defineEndpoint({
  method: "DELETE",
  path: "/alerts/channels/{id}",
  operationId: "alert-channel.delete",
  tag: "alerts",
  access: "admin",
  summary: "Delete a channel and take it out of every rule",
  params: ZIdParams,
  response: ZOk,
});

export const testChannel = defineEndpoint({
  method: "POST",
  path: "/alerts/channels/{id}/test",
  operationId: "alert-channel.test",
  tag: "alerts",
  access: "admin",
  summary: "Send a test message through the channel now; answers with the SMTP reply or HTTP status",
  params: ZIdParams,
  response: ZTestOutcome,
});

export const listRules = defineEndpoint({
  method: "GET",
  path: "/alerts/rules",
  operationId: "alert-rule.list",
  tag: "alerts",
  access: "viewer",
  summary: "Alert rules: events, devices, channels, cooldown and flap grouping",
  response: z.array(ZRuleView),
});

export const createRule = defineEndpoint({
  method: "POST",
  path: "/alerts/rules",
  operationId: "alert-rule.create",
  tag: "alerts",
  access: "admin",
  summary: "Add an alert rule",
  body: ZRuleInput,
  response: ZRuleView,
  successStatus: 201,
  auditDetail: ruleAudit,
});

export const updateRule = defineEndpoint({
  method: "PUT",
  path: "/alerts/rules/{id}",
  operationId: "alert-rule.update",
  tag: "alerts",
  access: "admin",
  summary: "Change an alert rule",
  params: ZIdParams,
  body: ZRuleInput,
  response: ZRuleView,
  auditDetail: ruleAudit,
});

export const deleteRule = defineEndpoint({
  method: "DELETE",
  path: "/alerts/rules/{id}",
  operationId: "alert-rule.delete",
  tag: "alerts",
  access: "admin",
  summary: "Delete an alert rule (its past alerts stay)",
  params: ZIdParams,
  response: ZOk,
});
