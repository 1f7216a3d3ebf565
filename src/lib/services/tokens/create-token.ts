import "server-only";
import type { z } from "zod";
import { roleAtLeast } from "@/lib/auth/roles";
import { digest, newApiToken, newId } from "@/lib/auth/tokens";
import { actorRole, actorUserId, requireRole, type ServiceContext } from "../context";
import { ForbiddenError } from "../errors";
import { toTokenView } from "./internal";
import { CreateTokenInput, type CreatedToken } from "./schemas";

// Tokens are minted for the acting admin and can never carry more than the admin's own role.
export async function createToken(ctx: ServiceContext, input: z.input<typeof CreateTokenInput>): Promise<CreatedToken> {
  requireRole(ctx, "admin");
  const { name, role, expiresInDays } = CreateTokenInput.parse(input);
  const userId = actorUserId(ctx.actor);
  const ownRole = actorRole(ctx.actor);
  if (!userId || !ownRole) throw new ForbiddenError("tokens belong to a user");
  if (!roleAtLeast(ownRole, role)) throw new ForbiddenError(`a token cannot have more than your own role (${ownRole})`);
  const { token, displayPrefix } = newApiToken();
  const row = await ctx.db.apiToken.create({
    data: {
      id: newId(),
      name,
      role,
      userId,
      tokenHash: digest(token),
      prefix: displayPrefix,
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
    },
    include: { user: true },
  });
  return { ...toTokenView(row), token };
}
