import { z } from "zod";

export const ZIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a valid id") });
export const ZOk = z.object({ ok: z.boolean() });
