import { z } from "zod";
import { AuditFilters, ListAuditEventsInput } from "@/lib/services/audit";
import { CreatedToken, CreateTokenInput, TokenView } from "@/lib/services/tokens";
import { CreateUserInput, UpdateUserInput, UserView } from "@/lib/services/users";
import { defineEndpoint } from "../endpoint";
import { ZIdParams, ZOk } from "./common";

const userAudit = (body: unknown) => {
  const { username, role } = body as { username?: string; role?: string };
  return { username, role };
};

export const listUsers = defineEndpoint({
  method: "GET",
  path: "/users",
  operationId: "user.list",
  tag: "users",
  access: "admin",
  summary: "List users",
  response: z.array(UserView),
});
export const createUser = defineEndpoint({
  method: "POST",
  path: "/users",
  operationId: "user.create",
  tag: "users",
  access: "admin",
  summary: "Create a user",
  body: CreateUserInput,
  response: UserView,
  successStatus: 201,
  auditDetail: userAudit,
});
export const updateUser = defineEndpoint({
  method: "PATCH",
  path: "/users/{id}",
  operationId: "user.update",
  tag: "users",
  access: "admin",
  summary: "Change a user's role or reset their password",
  params: ZIdParams,
  body: UpdateUserInput,
  response: UserView,
  auditDetail: userAudit,
});
export const deleteUser = defineEndpoint({
  method: "DELETE",
  path: "/users/{id}",
  operationId: "user.delete",
  tag: "users",
  access: "admin",
  summary: "Delete a user",
  params: ZIdParams,
  response: ZOk,
});

export const listTokens = defineEndpoint({
  method: "GET",
  path: "/tokens",
  operationId: "token.list",
  tag: "tokens",
  access: "admin",
  summary: "List API tokens (never their secrets)",
  response: z.array(TokenView),
});
export const createToken = defineEndpoint({
  method: "POST",
  path: "/tokens",
  operationId: "token.create",
  tag: "tokens",
  access: "admin",
  summary: "Create an API token; the secret is in this reply only",
  body: CreateTokenInput,
  response: CreatedToken,
  successStatus: 201,
  auditDetail: (body) => {
    const { name, role } = body as { name: string; role: string };
    return { name, role };
  },
});
export const revokeToken = defineEndpoint({
  method: "DELETE",
  path: "/tokens/{id}",
  operationId: "token.revoke",
  tag: "tokens",
  access: "admin",
  summary: "Revoke an API token",
  params: ZIdParams,
  response: ZOk,
});

export const listAudit = defineEndpoint({
  method: "GET",
  path: "/audit",
  operationId: "audit.list",
  tag: "audit",
  access: "admin",
  summary: "The audit log, newest first",
  query: ListAuditEventsInput,
  response: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorType: z.string(),
      actorName: z.string(),
      action: z.string(),
      target: z.string().nullable(),
      targetName: z.string().nullable(),
      ip: z.string().nullable(),
      outcome: z.string(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const exportAuditCsv = defineEndpoint({
  method: "GET",
  path: "/audit.csv",
  operationId: "audit.csv",
  tag: "audit",
  access: "admin",
  summary: "The audit log as CSV (newest 500 events matching the filters), with targets by name",
  query: AuditFilters,
  produces: "text/csv",
});

export const openapi = defineEndpoint({
  method: "GET",
  path: "/openapi.json",
  operationId: "meta.openapi",
  tag: "meta",
  access: "viewer",
  summary: "This document",
});
