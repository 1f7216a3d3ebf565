import { z } from "zod";

// Strict grammars for everything that may ever reach a device: a value either matches one of these or is refused
// before any connection is opened. Free text (names, comments) is stored as given and only ever rendered as text.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most.
const DNS_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isIPv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIPv6(value: string): boolean {
  return z.ipv6().safeParse(value).success;
}

// A name whose last label is all digits would be a mistyped address ("256.1.1.1"), not a host name (RFC 1123 §2.1).
function isDnsName(value: string): boolean {
  return DNS_NAME.test(value) && !/(^|\.)\d+\.?$/.test(value);
}

export const ZHost = z
  .string()
  .min(1, "required")
  .max(253)
  .refine((v) => isIPv4(v) || isIPv6(v) || isDnsName(v), "an IPv4 or IPv6 address, or a DNS host name");

export const ZPort = z.number().int().min(1).max(65535);

/** Shown to people only; any characters, no control characters except newline and tab. */
export const ZDisplayName = z
  .string()
  .min(1, "required")
  .max(100)
  .refine((v) => v.trim().length > 0, "must not be blank")
  .refine((v) => !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(v), "control characters are not allowed");

export const ZComment = z
  .string()
  .max(2000)
  .refine((v) => !/[\u0000-\u0008\u000B-\u001F\u007F]/.test(v), "control characters are not allowed");

/** Login names on RouterOS and Linux; deliberately narrower than either accepts. */
export const ZLoginName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$/, "1–64 characters: letters, digits, . _ @ -, not starting with . @ or -");
