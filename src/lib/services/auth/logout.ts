import "server-only";
import type { ServiceContext } from "../context";
import { closeSession } from "./sessions";

export async function logout(ctx: ServiceContext): Promise<void> {
  if (ctx.actor.type === "user") await closeSession(ctx.db, ctx.actor.sessionId);
}
