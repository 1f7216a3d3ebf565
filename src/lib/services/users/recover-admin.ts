import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/auth/tokens";
import { recordAuditEvent } from "../audit";
import { ZUsername } from "../auth/schemas";
import type { ServiceContext } from "../context";
import { ForbiddenError } from "../errors";
import { serializable } from "../serializable";

export const RecoverAdminInput = z.strictObject({ username: ZUsername, resetPassword: z.boolean().default(false) });

export type RecoveredAdmin = {
  username: string;
  outcome: "created" | "promoted" | "already_admin";
  /** Set when a password was generated (a new user, or --reset-password): shown once, stored only as a hash. */
  password: string | null;
};

// The way back in when nobody can sign in as an admin (every admin demoted, deleted or their password lost).
// It runs on the server's machine by whoever can read its database (scripts/recover-admin.ts), never over HTTP:
// only a system actor may call it. Promotes the user, or creates them with a generated password; a password
// reset also signs the user out everywhere. Audited like any change.
export async function recoverAdmin(ctx: ServiceContext, input: z.input<typeof RecoverAdminInput>): Promise<RecoveredAdmin> {
  if (ctx.actor.type !== "system") throw new ForbiddenError("admin recovery runs on the server's machine, by its operator");
  const { username, resetPassword } = RecoverAdminInput.parse(input);
  const exists = (await ctx.db.user.findUnique({ where: { username } })) !== null;
  const password = !exists || resetPassword ? randomBytes(18).toString("base64url") : null;
  const passwordHash = password ? await hashPassword(password) : undefined;
  const { id, outcome } = await serializable(ctx.db, async (tx) => {
    const user = await tx.user.findUnique({ where: { username } });
    if (!user) {
      const created = await tx.user.create({ data: { id: newId(), username, role: "admin", passwordHash: passwordHash ?? "" } });
      return { id: created.id, outcome: "created" as const };
    }
    if (passwordHash) await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.user.update({ where: { id: user.id }, data: { role: "admin", passwordHash } });
    return { id: user.id, outcome: user.role === "admin" ? ("already_admin" as const) : ("promoted" as const) };
  });
  await recordAuditEvent(ctx, { action: "user.recover-admin", target: id, outcome: "ok", detail: { username, outcome, passwordReset: password !== null } });
  return { username, outcome, password };
}
