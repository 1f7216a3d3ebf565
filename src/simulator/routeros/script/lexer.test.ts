import { describe, expect, it } from "vitest";

import { quoteRouterOs } from "@/lib/domain/compile/routeros/quote";

import { compileFind } from "./find";
import { parseScript, ScriptSyntaxError, type ScriptWord } from "./lexer";

const texts = (words: ScriptWord[]) => words.map((word) => ({ key: word.key, parts: word.parts }));

describe("[simulator] script lexer", () => {
  it("splits statements at newlines and `;`, joins lines ending in a backslash, skips comments", () => {
    const statements = parseScript('# a comment\n/ip route\ndisable [find comment="x;y"]; :delay 2s\n/ip firewall mangle add \\\n    chain=forward');
    expect(statements.map((statement) => statement.line)).toEqual([2, 3, 3, 4]);
    expect(texts(statements[1]!.words)).toEqual([
      { key: undefined, parts: [{ kind: "text", text: "disable" }] },
      { key: undefined, parts: [{ kind: "command", source: 'find comment="x;y"', line: 3 }] },
    ]);
    expect(texts(statements[3]!.words).at(-1)).toEqual({ key: "chain", parts: [{ kind: "text", text: "forward" }] });
  });

  it("reads every escape of the Scripting manual, and variables inside strings", () => {
    const [statement] = parseScript(':log info "q\\" b\\\\ n\\n t\\t d\\$ s\\_x h\\C3\\A9 $who"');
    const value = statement!.words[2]!.parts;
    expect(value).toEqual([
      { kind: "text", text: 'q" b\\ n\n t\t d$ s x hé ' },
      { kind: "var", name: "who" },
      { kind: "text", text: "" },
    ]);
  });

  it("reads back what Waymark's quoting writes", () => {
    const original = 'waymark:route:isp-a "quoted" $HOME ?\\ é\n';
    const [statement] = parseScript(`/ip route disable [find comment=${quoteRouterOs(original)}]`);
    const inner = statement!.words[3]!.parts[0];
    expect(inner?.kind).toBe("command");
    const [find] = parseScript(inner?.kind === "command" ? inner.source : "");
    expect(find!.words[1]).toMatchObject({ key: "comment", parts: [{ kind: "text", text: original }] });
  });

  it("reports an unterminated string with its line and column, as the console does", () => {
    expect(() => parseScript('/ip route\nset comment="open')).toThrow(new ScriptSyntaxError("syntax error", 2, 18));
  });
});

describe("[simulator] script find", () => {
  const rows: Record<string, string>[] = [
    { ".id": "*1", comment: "waymark:route:a", disabled: "false", dynamic: "false", interval: "1m" },
    { ".id": "*2", comment: "other", disabled: "true", dynamic: "false" },
    { ".id": "*3", disabled: "false", dynamic: "true" },
  ];
  const ids = (...words: { key?: string; value: string }[]) => rows.filter(compileFind(words)).map((row) => row[".id"]);

  it("compares as print shows values: yes means true, durations by length, missing means empty", () => {
    expect(ids({ key: "disabled", value: "yes" })).toEqual(["*2"]);
    expect(ids({ key: "interval", value: "00:01:00" })).toEqual(["*1"]);
    expect(ids({ key: "comment", value: "" })).toEqual(["*3"]);
  });

  it("takes where with regex, flags, negation, and and or", () => {
    expect(ids({ value: "where" }, { value: "comment~^waymark" })).toEqual(["*1"]);
    expect(ids({ value: "dynamic" })).toEqual(["*3"]);
    expect(ids({ value: "where" }, { value: "!disabled" }, { value: "and" }, { key: "dynamic", value: "no" })).toEqual(["*1"]);
    expect(ids({ key: "comment", value: "other" }, { value: "or" }, { value: "dynamic" })).toEqual(["*2", "*3"]);
    expect(ids({ key: "comment!", value: "other" })).toEqual(["*1", "*3"]);
  });
});
