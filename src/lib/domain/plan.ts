import { z } from "zod";
import { sameType } from "./same-type";

// A plan is what Waymark would make a device look like: the desired objects in the target's own terms, the
// exact text that would be sent, and what an engineer should know first. Plans are plain data, so they can be
// previewed, diffed, stored in history and pushed later without recompiling.
export type PlanWarning = {
  code: string;
  /** "error": the device cannot realise the intent as it stands; the plan is not pushed until the admin fixes it. */
  severity: "info" | "warning" | "error";
  message: string;
  link?: string;
};

// Key order as the compilers write it (link before message): a stored plan parses back to the same bytes it hashed.
export const ZPlanWarning = z.strictObject({
  code: z.string(),
  severity: z.enum(["info", "warning", "error"]),
  link: z.string().optional(),
  message: z.string(),
});
sameType<z.infer<typeof ZPlanWarning>, PlanWarning>(
  (w) => w,
  (w) => w,
  true,
);
