import { describe, expect, it } from "vitest";
import { FrameError, FrameReader, withCounters } from "./frames";

const LISTING =
  '{"nftables": [{"counter": {"family": "inet", "name": "isp1_new", "table": "waymark", "handle": 3, "packets": 5, "bytes": 300}}, ' +
  '{"rule": {"family": "inet", "table": "waymark", "chain": "fwd", "handle": 9, "expr": [{"counter": {"packets": 7, "bytes": 700}}]}}]}';

const full = (seq: number) =>
  `@@waymark:frame ${seq}\n@@waymark:ruleset\n${LISTING}\n@@waymark:table\n${"a".repeat(64)}\n@@waymark:monitor\n\n@@waymark:conntrack\n0x100 2\n@@waymark:now\n1796500992011\n@@waymark:end\n`;
const countersOnly = (seq: number, lines: string) =>
  `@@waymark:frame ${seq}\n@@waymark:counters\n${lines}\n@@waymark:monitor\n\n@@waymark:conntrack\n0x100 3\n@@waymark:now\n1796500994011\n@@waymark:end\n`;

describe("watch frames", () => {
  it("puts a counters-only frame's counters back into the last listing, in order, with the last table hash", () => {
    const reader = new FrameReader();
    const stream = Buffer.from(full(1) + countersOnly(2, " 6  360\n 9  900"));
    // Cut anywhere (here inside the listing), the frames come out the same.
    const frames = [...reader.push(stream.subarray(0, 101)), ...reader.push(stream.subarray(101))];
    expect(frames.map((f) => f.seq)).toEqual([1, 2]);
    const second = frames[1]!.parts;
    expect(second.get("ruleset")).toContain('"handle": 3, "packets": 6, "bytes": 360');
    expect(second.get("ruleset")).toContain('{"counter": {"packets": 9, "bytes": 900}}');
    expect(second.get("table")).toBe("a".repeat(64));
    expect(second.get("conntrack")).toBe("0x100 3");
    expect(second.has("counters")).toBe(false);
  });

  it("refuses counters it cannot place: none kept yet, or a different number of them", () => {
    expect(() => new FrameReader().push(Buffer.from(countersOnly(1, "1 2")))).toThrow(FrameError);
    expect(() => withCounters(LISTING, "1 2")).toThrow(/fewer/);
    expect(() => withCounters(LISTING, "1 2\n3 4\n5 6")).toThrow(/more/);
  });
});
