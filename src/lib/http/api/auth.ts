import { z } from "zod";
import { ChangePasswordInput, LoginInput, SessionUserView, SetupAdminInput } from "@/lib/services/auth";
import { defineEndpoint } from "../endpoint";
import { ZOk } from "./common";

const ZSessionReply = z.object({ user: SessionUserView, csrfToken: z.string() });

export const authStatus = defineEndpoint({
  method: "GET",
  path: "/auth/status",
  operationId: "auth.status",
  tag: "auth",
  access: "public",
  summary: "Whether first-run setup is needed, and who is signed in",
  response: z.object({ needsSetup: z.boolean(), user: SessionUserView.nullable() }),
});

export const setup = defineEndpoint({
  method: "POST",
  path: "/auth/setup",
  operationId: "auth.setup",
  tag: "auth",
  access: "public",
  summary: "First run only: create the admin account and sign in",
  body: SetupAdminInput,
  response: ZSessionReply,
  successStatus: 201,
  auditDetail: (body) => ({ username: (body as z.infer<typeof SetupAdminInput>).username }),
});

export const login = defineEndpoint({
  method: "POST",
  path: "/auth/login",
  operationId: "auth.login",
  tag: "auth",
  access: "public",
  summary: "Sign in; sets the session cookie",
  body: LoginInput,
  response: ZSessionReply,
  auditDetail: (body) => ({ username: (body as z.infer<typeof LoginInput>).username }),
});

export const logout = defineEndpoint({
  method: "POST",
  path: "/auth/logout",
  operationId: "auth.logout",
  tag: "auth",
  access: "viewer",
  summary: "Sign out; ends the session",
  response: ZOk,
});

export const me = defineEndpoint({
  method: "GET",
  path: "/me",
  operationId: "me.get",
  tag: "auth",
  access: "viewer",
  summary: "The signed-in user or the token's owner",
  response: SessionUserView,
});

export const changePassword = defineEndpoint({
  method: "POST",
  path: "/me/password",
  operationId: "me.password",
  tag: "auth",
  access: "viewer",
  summary: "Change your own password (signs out your other sessions)",
  body: ChangePasswordInput,
  response: ZOk,
});
