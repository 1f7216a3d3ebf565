import { describe, expect, it } from "vitest";

import { RouterOsProtocolError } from "./errors";
import { parseIdentityName, parseResource, toDeviceIdentity } from "./transform";
import { parseBoolean, parseCounter } from "./values";
import { isRouterOsVersionAtLeast, parseRouterOsVersion } from "@/lib/domain/routeros-version";

// REST page sample (same property names and string values as the binary API).
const resourceRow = {
  "architecture-name": "tile",
  "board-name": "CCR1016-12S-1S+",
  "build-time": "Dec/04/2020 14:19:51",
  cpu: "tilegx",
  "cpu-count": "16",
  "cpu-frequency": "1200",
  "cpu-load": "1",
  "free-hdd-space": "83439616",
  "free-memory": "1503133696",
  platform: "MikroTik",
  "total-hdd-space": "134217728",
  "total-memory": "2046820352",
  uptime: "2d20h12m20s",
  version: "7.1beta4 (development)",
};

describe("toDeviceIdentity", () => {
  it("maps identity name, board-name and version", () => {
    expect(toDeviceIdentity([{ name: "MikroTik" }], [resourceRow])).toEqual({
      identity: "MikroTik",
      model: "CCR1016-12S-1S+",
      version: "7.1beta4 (development)",
    });
  });

  it("keeps an empty identity name", () => {
    expect(parseIdentityName([{ name: "" }])).toBe("");
  });

  it("rejects rows without the expected properties", () => {
    expect(() => parseIdentityName([])).toThrow(RouterOsProtocolError);
    expect(() => parseIdentityName([{}])).toThrow(RouterOsProtocolError);
    expect(() => parseResource([{ version: "7.16.2 (stable)" }])).toThrow(/board-name/);
  });
});

describe("parseRouterOsVersion", () => {
  it.each([
    ["7.16.2 (stable)", { major: 7, minor: 16, patch: 2 }],
    ["6.49.10 (long-term)", { major: 6, minor: 49, patch: 10 }],
    ["7.1beta4 (development)", { major: 7, minor: 1, patch: 0 }],
    ["7.18", { major: 7, minor: 18, patch: 0 }],
  ])("parses %s", (text, expected) => {
    expect(parseRouterOsVersion(text)).toEqual(expected);
  });

  it("gates features on the leading number", () => {
    expect(isRouterOsVersionAtLeast("7.18.2 (stable)", "7.18")).toBe(true);
    expect(isRouterOsVersionAtLeast("7.16.2 (stable)", "7.18")).toBe(false);
    expect(isRouterOsVersionAtLeast("6.42.3", "6.43")).toBe(false);
    expect(isRouterOsVersionAtLeast("garbage", "6.43")).toBe(false);
  });
});

describe("values", () => {
  it("parses 64-bit counters exactly", () => {
    expect(parseCounter("18446744073709551615")).toBe(18446744073709551615n);
    expect(parseCounter("9007199254740993")).toBe(9007199254740993n);
    expect(() => parseCounter("-1")).toThrow(RouterOsProtocolError);
    expect(() => parseCounter("")).toThrow(RouterOsProtocolError);
  });

  it("reads both boolean spellings", () => {
    expect(parseBoolean("true")).toBe(true);
    expect(parseBoolean("yes")).toBe(true);
    expect(parseBoolean("false")).toBe(false);
    expect(parseBoolean(undefined)).toBe(false);
  });
});
