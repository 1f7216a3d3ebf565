import { z } from "zod";
import { ZRole } from "@/lib/auth/roles";

export const CreateTokenInput = z.strictObject({
  // No control characters: the name is shown in lists and the audit log, and PostgreSQL cannot store NUL.
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), "control characters are not allowed"),
  role: ZRole,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: ZRole,
  owner: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof TokenView>;

export const CreatedToken = TokenView.extend({ token: z.string().describe("Shown once; Waymark keeps only its hash.") });
export type CreatedToken = z.infer<typeof CreatedToken>;
