import { StringDecoder } from "node:string_decoder";
import { MARK, sections } from "../read-state";

// The dashboard side of a watch's stream (./watch-script.ts): splits it into frames and gives each one whole, as
// read-state.ts's sections, so toGatewayState reads a frame exactly as it reads a one-off read-back. A frame that
// carries only counters gets them put back into the ruleset listing the last full frame sent.
//
// A frame, as the lab gateway sends it while nothing but counters changed (one counter pair per line, in the order
// they stand in `nft -j list ruleset`; the first frame, and any after the ruleset changed, carries `ruleset` with
// the whole listing and `table` with its hash instead of `counters`):
//
//   @@waymark:frame 7
//   @@waymark:counters
//   1520 171264
//   0 0
//   …
//   @@waymark:monitor
//   monitor pid=2712 started=1796500979703 config=sha256:ce79… updated=1796500991833 format=1 flavour=nftables …
//   link 0 isp1 up since=1796500979703 rtt_ms=0.052 loss=0 fails=0 passes=12
//   link 1 isp2 up since=1796500979703 rtt_ms=0.046 loss=0 fails=0 passes=12
//   @@waymark:conntrack
//   0x100 3
//   0x200 1
//   @@waymark:now
//   1796500992011
//   @@waymark:end

export type Frame = { seq: number; parts: Map<string, string> };

export class FrameError extends Error {
  override name = "FrameError";
}

const COUNTER = /"packets": \d+, "bytes": \d+/g;
/** A frame bigger than this is not a frame: the stream is garbled. */
const MAX_FRAME_CHARS = 16 * 1024 * 1024;

export class FrameReader {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  private ruleset: string | null = null;
  private table = "";

  /** The frames this chunk completed, oldest first. Throws FrameError on a stream it cannot follow. */
  push(chunk: Buffer): Frame[] {
    this.pending += this.decoder.write(chunk);
    const frames: Frame[] = [];
    const end = `${MARK}end\n`;
    for (let at = this.pending.indexOf(end); at !== -1; at = this.pending.indexOf(end)) {
      const text = this.pending.slice(0, at);
      this.pending = this.pending.slice(at + end.length);
      frames.push(this.frame(text));
    }
    if (this.pending.length > MAX_FRAME_CHARS) throw new FrameError("the gateway's watch sent a frame too large to be one");
    return frames;
  }

  private frame(text: string): Frame {
    const start = text.lastIndexOf(`${MARK}frame `);
    if (start === -1) throw new FrameError("the gateway's watch sent output outside a frame");
    const seq = Number(text.slice(start + MARK.length + "frame ".length).split("\n", 1)[0]);
    const parts = sections(text.slice(start));
    const listing = parts.get("ruleset");
    if (listing !== undefined) {
      this.ruleset = listing;
      this.table = parts.get("table") ?? "";
    } else {
      const counters = parts.get("counters");
      if (counters === undefined || this.ruleset === null) throw new FrameError("the gateway's watch sent counters before a ruleset");
      parts.set("ruleset", withCounters(this.ruleset, counters));
      parts.set("table", this.table);
    }
    parts.delete("counters");
    return { seq, parts };
  }
}

/** The listing with each counter pair replaced, in order, by the frame's; the two must have as many pairs. */
export function withCounters(listing: string, counters: string): string {
  const pairs = counters
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words.length === 2 && words.every((w) => /^\d+$/.test(w)));
  let i = 0;
  const patched = listing.replace(COUNTER, () => {
    const pair = pairs[i++];
    if (!pair) throw new FrameError("the gateway's watch sent fewer counters than its ruleset holds");
    return `"packets": ${pair[0]}, "bytes": ${pair[1]}`;
  });
  if (i !== pairs.length) throw new FrameError("the gateway's watch sent more counters than its ruleset holds");
  return patched;
}
