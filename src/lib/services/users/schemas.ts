import { z } from "zod";
import { ZRole } from "@/lib/auth/roles";
import { ZPassword, ZUsername } from "../auth/schemas";

export const CreateUserInput = z.strictObject({ username: ZUsername, password: ZPassword, role: ZRole });
export const UpdateUserInput = z
  .strictObject({ role: ZRole.optional(), password: ZPassword.optional() })
  .refine((v) => v.role !== undefined || v.password !== undefined, "give a role or a password to change");

export const UserView = z.object({ id: z.string(), username: z.string(), role: ZRole, createdAt: z.string() });
export type UserView = z.infer<typeof UserView>;
