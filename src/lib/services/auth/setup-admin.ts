import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/auth/tokens";
import type { ServiceContext } from "../context";
import { ConflictError } from "../errors";
import { SetupAdminInput, type SessionUserView } from "./schemas";
import { openSession, type NewSession } from "./sessions";

export async function needsSetup(ctx: ServiceContext): Promise<boolean> {
  return (await ctx.db.user.count()) === 0;
}

// The first visit creates the admin; there is no default password. Refused once any user exists, checked inside
// the transaction so two racing first visits cannot both become admin.
export async function setupAdmin(
  ctx: ServiceContext,
  input: z.input<typeof SetupAdminInput>,
  meta: { userAgent: string | null },
): Promise<{ user: SessionUserView; session: NewSession }> {
  const { username, password } = SetupAdminInput.parse(input);
  const passwordHash = await hashPassword(password);
  const user = await ctx.db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) throw new ConflictError("Waymark is already set up; sign in instead");
    return tx.user.create({ data: { id: newId(), username, passwordHash, role: "admin" } });
  });
  const session = await openSession(ctx.db, user.id, { ip: ctx.ip, userAgent: meta.userAgent });
  return { user: { id: user.id, username: user.username, role: "admin" }, session };
}
