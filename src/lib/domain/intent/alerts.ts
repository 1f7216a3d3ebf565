import { z } from "zod";

// Who hears about a link or backend going down or coming back. The device sends the alert itself (RouterOS:
// /tool e-mail from the netwatch scripts), through the SMTP server configured on the device: no password ever
// travels in a plan.

/**
 * A mailbox as it may appear inside a RouterOS script: a plain local part (letters, digits, . _ + -) and a DNS
 * domain. Deliberately narrower than RFC 5321: no quotes, spaces, $, [ ], or anything else a script would read.
 */
export const ZEmailAddress = z
  .string()
  .max(254)
  .regex(
    /^[A-Za-z0-9_+-]+(\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/,
    "an address such as noc@example.com: letters, digits and . _ + - before the @, a domain after it",
  )
  .refine((v) => v.split("@")[0]!.length <= 64, "the part before the @ is longer than 64 characters");

export const ZEmailAlerts = z
  .strictObject({ to: z.array(ZEmailAddress).min(1, "at least one address").max(10) })
  .refine((e) => new Set(e.to.map((a) => a.toLowerCase())).size === e.to.length, { message: "addresses repeat", path: ["to"] });

export const ZAlerts = z.strictObject({ email: ZEmailAlerts.optional() });
export type Alerts = z.infer<typeof ZAlerts>;
