import { z } from "zod";
import { ZRole } from "@/lib/auth/roles";

export const ZUsername = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/, "2–32 characters: letters, digits, dot, dash, underscore; starting with a letter or digit");

// Long passphrases are welcome; the upper bound only stops a request from making scrypt hash megabytes.
export const ZPassword = z.string().min(10, "at least 10 characters").max(256, "at most 256 characters");

export const SetupAdminInput = z.strictObject({ username: ZUsername, password: ZPassword });
// No control characters in a login name: no account can have one, and PostgreSQL cannot even look up a NUL byte.
const ZLoginUsername = z
  .string()
  .min(1)
  .max(64)
  .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), "control characters are not allowed");
export const LoginInput = z.strictObject({ username: ZLoginUsername, password: z.string().min(1).max(256) });
export const ChangePasswordInput = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: ZPassword });

export const SessionUserView = z.object({ id: z.string(), username: z.string(), role: ZRole });
export type SessionUserView = z.infer<typeof SessionUserView>;
