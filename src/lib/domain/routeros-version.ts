// `version` of /system/resource looks like "7.16.2 (stable)", "6.49.10 (long-term)", "7.1beta4 (development)".

export type RouterOsVersion = { major: number; minor: number; patch: number };

export const parseRouterOsVersion = (version: string): RouterOsVersion | null => {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return null;

  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
};

/** Negative, zero or positive like a sort comparator. */
export const compareRouterOsVersions = (a: RouterOsVersion, b: RouterOsVersion): number => a.major - b.major || a.minor - b.minor || a.patch - b.patch;

/** True when `version` is at least `minimum` ("7.18", "6.43"); false when it cannot be parsed. */
export const isRouterOsVersionAtLeast = (version: string, minimum: string): boolean => {
  const parsed = parseRouterOsVersion(version);
  const floor = parseRouterOsVersion(minimum);
  if (!parsed || !floor) return false;

  return compareRouterOsVersions(parsed, floor) >= 0;
};
