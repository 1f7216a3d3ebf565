import { z } from "zod";

// viewer reads; operator also pushes changes and toggles maintenance; admin also manages users, devices, tokens.
export const ROLES = ["viewer", "operator", "admin"] as const;
export const ZRole = z.enum(ROLES);
export type Role = z.infer<typeof ZRole>;

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}

/** Stored roles are plain strings (SQLite has no enums); anything unexpected degrades to the least privilege. */
export function parseRole(value: string): Role {
  const parsed = ZRole.safeParse(value);
  return parsed.success ? parsed.data : "viewer";
}
