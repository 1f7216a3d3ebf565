import { z } from "zod";
import { isIPv4 } from "./grammar";

// Addresses and names that end up inside nft rules, ip commands and RouterOS scripts. Each grammar is narrower
// than what the kernel or RouterOS would accept, so nothing that parses here can carry a metacharacter.

export const ZIPv4 = z.string().refine(isIPv4, "an IPv4 address such as 192.0.2.1");

/** "192.0.2.0/24" or a bare address (taken as /32); the host bits must be zero. */
export const ZIPv4Cidr = z
  .string()
  .transform((v) => (v.includes("/") ? v : `${v}/32`))
  .refine((v) => {
    const [address, bits] = v.split("/");
    return address !== undefined && isIPv4(address) && /^(3[0-2]|[12]?\d)$/.test(bits ?? "");
  }, "an IPv4 prefix such as 192.168.1.0/24")
  .refine((v) => hostBitsZero(v), "the address has bits set beyond the prefix length (did you mean the network address?)");

export function ipv4ToNumber(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function prefixSize(cidr: string): number {
  return 2 ** (32 - Number(cidr.split("/")[1]));
}

function hostBitsZero(cidr: string): boolean {
  const [address, bits] = cidr.split("/");
  return ipv4ToNumber(address!) % prefixSize(`0.0.0.0/${bits}`) === 0;
}

/**
 * A network interface as the intent names it, for either kind of device. RouterOS allows spaces and long names
 * ("wan A", "main-infrastructure-br" in real exports), so the intent does too; what it refuses is every character
 * that means something to a RouterOS script, an API word list or a shell (quotes, \\, $, [ ], ;, =, comma,
 * control characters). Linux is narrower (IFNAMSIZ): see ZLinuxInterfaceName, which the Linux compiler enforces.
 */
export const ZInterfaceName = z
  .string()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9 ._@:+()-]{0,62}[A-Za-z0-9._@:+()-])?$/,
    "1–64 characters: letters, digits, spaces and . _ - @ : + ( ), starting with a letter or digit and not ending in a space",
  );

/** A Linux interface name (IFNAMSIZ 16, so at most 15 bytes): letters, digits and . _ - only. */
export const ZLinuxInterfaceName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/, "a Linux interface name: 1–15 characters of letters, digits, . _ -, starting with a letter or digit");

/** A link's name is also its label in rules, comments, counters and routing tables. */
export const ZLinkName = z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, "1–15 characters: lower-case letters, digits and -, starting with a letter");

export function numberToIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** "192.168.10.1/24" → "192.168.10.0/24". */
export function networkOf(address: string): string {
  const [ip, bits] = address.split("/");
  const size = prefixSize(`0.0.0.0/${bits}`);
  return `${numberToIPv4(ipv4ToNumber(ip!) - (ipv4ToNumber(ip!) % size))}/${bits}`;
}

/** Whether `address` (a bare IPv4 address) lies inside `cidr`. */
export function cidrHas(cidr: string, address: string): boolean {
  const start = ipv4ToNumber(networkOf(cidr).split("/")[0]!);
  const at = ipv4ToNumber(address);
  return at >= start && at < start + prefixSize(cidr);
}
