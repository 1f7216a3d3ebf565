// IPv4 addresses as unsigned 32-bit numbers, and the address forms RouterOS accepts in matchers and lists:
// "10.0.0.1", "10.0.0.0/24", "10.0.0.1-10.0.0.9".

export type Prefix = { network: number; length: number; mask: number };

export type AddressRange = { from: number; to: number };

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export const parseIp = (text: string): number | null => {
  const parts = text.trim().split(".");
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return null;

  return parts.reduce((value, part) => value * 256 + Number(part), 0) >>> 0;
};

export const formatIp = (value: number): string => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");

export const maskOf = (length: number): number => (length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0);

/** "10.0.0.0/24" (or a bare address as /32); the host bits are cleared, as RouterOS does on input. */
export const parsePrefix = (text: string): Prefix | null => {
  const [address = "", lengthText] = text.trim().split("/");
  const ip = parseIp(address);
  const length = lengthText === undefined ? 32 : Number(lengthText);
  if (ip === null || !Number.isInteger(length) || length < 0 || length > 32) return null;
  const mask = maskOf(length);

  return { network: (ip & mask) >>> 0, length, mask };
};

export const inPrefix = (ip: number, prefix: Prefix): boolean => (ip & prefix.mask) >>> 0 === prefix.network;

/** Any of the three forms, as an inclusive range. */
export const parseAddressRange = (text: string): AddressRange | null => {
  const dash = text.indexOf("-");
  if (dash > 0) {
    const from = parseIp(text.slice(0, dash));
    const to = parseIp(text.slice(dash + 1));
    return from === null || to === null || to < from ? null : { from, to };
  }
  const prefix = parsePrefix(text);

  return prefix === null ? null : { from: prefix.network, to: (prefix.network | ~prefix.mask) >>> 0 };
};

/** "203.0.113.5:51234" as conntrack prints it; protocols without ports print the bare address. */
export const formatEndpoint = (ip: number, port: number | undefined): string => (port === undefined ? formatIp(ip) : `${formatIp(ip)}:${port}`);
