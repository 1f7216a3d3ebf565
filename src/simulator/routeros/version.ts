// Kept separate from the client's parser on purpose: the simulator is the client's test oracle.

export type Version = readonly [major: number, minor: number, patch: number];

/** "7.16.2" → [7, 16, 2]; "7.1beta4" → [7, 1, 0]; null when there is no leading "major.minor". */
export const parseVersion = (version: string): Version | null => {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());

  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : null;
};

export const compareVersions = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
