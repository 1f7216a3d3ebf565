import { ZIPv4, ZIPv4Cidr, ZLinkName, ZLinuxInterfaceName } from "../../network";

// Defence in depth: the intent was parsed already, but every value is re-checked against the same grammar at the
// point where it is written into a device file, so a caller that skipped parsing cannot smuggle a metacharacter
// into nft, iptables-restore, ip or a sourced shell file.

export class CompileGrammarError extends Error {
  constructor(kind: string, value: unknown, why = "it does not match the intent grammar") {
    super(`refusing to render ${kind} ${JSON.stringify(value)}: ${why}`);
    this.name = "CompileGrammarError";
  }
}

export function linkName(value: string): string {
  if (!ZLinkName.safeParse(value).success) throw new CompileGrammarError("link name", value);
  return value;
}

/** The intent allows RouterOS names such as "wan A"; a Linux gateway cannot have them, and says so plainly. */
export function interfaceName(value: string): string {
  if (!ZLinuxInterfaceName.safeParse(value).success) {
    throw new CompileGrammarError(
      "interface",
      value,
      "it cannot exist on a Linux gateway (Linux interface names are 1–15 characters of letters, digits, . _ -)",
    );
  }
  return value;
}

export function ipv4(value: string): string {
  if (!ZIPv4.safeParse(value).success) throw new CompileGrammarError("IPv4 address", value);
  return value;
}

/** A prefix as the grammar normalises it ("a.b.c.d/n"). */
export function cidr(value: string): string {
  const parsed = ZIPv4Cidr.safeParse(value);
  if (!parsed.success || parsed.data !== value) throw new CompileGrammarError("IPv4 prefix", value);
  return value;
}

/** nft and iptables print a /32 as the bare address; writing it that way keeps listings and plans alike. */
export function prefix(value: string): string {
  const checked = cidr(value);
  return checked.endsWith("/32") ? checked.slice(0, -3) : checked;
}

export function integer(value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new CompileGrammarError(`integer in ${min}–${max}`, value);
  return value;
}

export function oneOf<T extends string>(value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new CompileGrammarError(`one of ${allowed.join("|")}`, value);
  return value;
}

/** Pinned-traffic comments (letters, digits, spaces and . , : / ( ) + -): safe inside nft and iptables quotes. */
export function comment(value: string): string {
  if (!/^[A-Za-z0-9_ .,:/()+-]{0,120}$/.test(value)) throw new CompileGrammarError("comment", value);
  return value;
}
