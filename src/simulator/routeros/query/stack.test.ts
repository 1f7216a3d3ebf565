import { describe, expect, it } from "vitest";

import { TrapReply, type Row } from "../types";
import { compileQuery } from "./stack";

const interfaces: Row[] = [
  { name: "ether1", type: "ether", mtu: "1500" },
  { name: "vlan10", type: "vlan", mtu: "1496", comment: "office" },
  { name: "bridge1", type: "bridge", mtu: "9000" },
];

const names = (words: string[]) => interfaces.filter(compileQuery(words)).map((row) => row.name);

describe("API query stack machine (reference §1.7)", () => {
  it("passes everything without query words", () => {
    expect(names([])).toEqual(["ether1", "vlan10", "bridge1"]);
  });

  it("ORs two equalities: ?type=ether ?type=vlan ?#| (manual example)", () => {
    expect(names(["?type=ether", "?type=vlan", "?#|"])).toEqual(["ether1", "vlan10"]);
  });

  it("negates an OR: ?type=ether ?type=vlan ?#|! → neither", () => {
    expect(names(["?type=ether", "?type=vlan", "?#|!"])).toEqual(["bridge1"]);
  });

  it("keeps every word when no operation combines them (implicit AND)", () => {
    expect(names(["?type=ether", "?mtu=1500"])).toEqual(["ether1"]);
    expect(names(["?type=ether", "?mtu=9000"])).toEqual([]);
  });

  it("tests presence and absence: ?comment, ?-comment, ?>comment= (manual: non-empty comment)", () => {
    expect(names(["?comment"])).toEqual(["vlan10"]);
    expect(names(["?-comment"])).toEqual(["ether1", "bridge1"]);
    expect(names(["?>comment="])).toEqual(["vlan10"]);
  });

  it("accepts the ?=name=value spelling", () => {
    expect(names(["?=name=bridge1"])).toEqual(["bridge1"]);
  });

  it("compares numbers by value with ?< and ?>", () => {
    expect(names(["?<mtu=1500"])).toEqual(["vlan10"]);
    expect(names(["?>mtu=1500"])).toEqual(["bridge1"]);
  });

  it("builds != and IN the way librouteros does (?=k=v ?#!, ?=k=a ?=k=b ?=k=c ?#| ?#|)", () => {
    expect(names(["?=type=ether", "?#!"])).toEqual(["vlan10", "bridge1"]);
    expect(names(["?=name=ether1", "?=name=bridge1", "?=name=none", "?#|", "?#|"])).toEqual(["ether1", "bridge1"]);
  });

  it("copies stack values by index and duplicates with .", () => {
    // stack: [type=ether, mtu=1500]; "1" copies type=ether to the top, "&" ANDs the two top values.
    expect(names(["?type=ether", "?mtu=1500", "?#1&"])).toEqual(["ether1"]);
    // "." duplicates the top; "!" negates the copy, leaving a false for everyone.
    expect(names(["?type=ether", "?#.!"])).toEqual([]);
  });

  it("treats yes/no like true/false", () => {
    const rows = [{ disabled: "true" }, { disabled: "false" }];
    expect(rows.filter(compileQuery(["?disabled=yes"]))).toEqual([{ disabled: "true" }]);
  });

  it("refuses a malformed operation word", () => {
    expect(() => compileQuery(["?#x"])).toThrow(TrapReply);
  });
});
