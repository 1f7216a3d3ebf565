import { describe, expect, it } from "vitest";

import { RouterOsProtocolError, RouterOsTrapError } from "./errors";
import { legacyLoginResponse } from "./login";
import { fatalReason, parseReply, splitAttribute, toTrap } from "./reply";

describe("parseReply", () => {
  it("finds .tag in any position", () => {
    expect(parseReply(["!re", ".tag=10", "=.id=*A"]).tag).toBe("10");
    expect(parseReply(["!re", "=.id=*A", ".tag=10"]).tag).toBe("10");
    expect(parseReply(["!re", "=.id=*A"]).tag).toBeUndefined();
  });

  it("splits attributes on the first two '=' only", () => {
    expect(splitAttribute("=comment=a=b=c")).toEqual(["comment", "a=b=c"]);
    expect(splitAttribute("=fib=")).toEqual(["fib", ""]);
    expect(parseReply(["!done", "=ret=*3"]).attributes).toEqual({ ret: "*3" });
  });

  it("reads a trap with and without category", () => {
    const trap = toTrap(parseReply(["!trap", "=category=1", "=message=input does not match any value of interface"]));
    expect(trap).toMatchObject({ message: "input does not match any value of interface", category: 1 });
    expect(toTrap(parseReply(["!trap", "=message=no such item"])).category).toBeUndefined();
  });

  it("reads the bare reason word of !fatal", () => {
    expect(fatalReason(parseReply(["!fatal", "not logged in"]))).toBe("not logged in");
    expect(fatalReason(parseReply(["!fatal", "=message=session terminated on request"]))).toBe("session terminated on request");
  });

  it("rejects unknown reply words", () => {
    expect(() => parseReply(["!weird"])).toThrow(RouterOsProtocolError);
    expect(() => parseReply(["=a=b"])).toThrow(RouterOsProtocolError);
  });
});

describe("RouterOsTrapError", () => {
  it("keeps every trap and reports the first", () => {
    const error = new RouterOsTrapError("/ip/address/add", [
      { message: "first", category: 1, attributes: {} },
      { message: "second", attributes: {} },
    ]);
    expect(error.message).toBe("/ip/address/add: first (+1 more)");
    expect(error.category).toBe(1);
    expect(error.traps).toHaveLength(2);
  });
});

describe("legacyLoginResponse", () => {
  it("matches the go-routeros test vector", () => {
    expect(legacyLoginResponse("passTest", "abc123")).toBe("0021277bff9ac7caf06aa608e46616d47f");
  });

  it("rejects a challenge that is not hex", () => {
    expect(() => legacyLoginResponse("x", "zz")).toThrow(RouterOsProtocolError);
  });
});
