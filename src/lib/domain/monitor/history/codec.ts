import { type SeriesBlock, type SeriesColumn, type SeriesSubject, scaleOf } from "./series";

// The stored form of a SeriesBlock (MonitorSample.data and, deflated, SampleBlock.data). Compact because a fleet
// of 1,000 devices polled every 2 s writes ~43 million points a day:
//
//   byte      version (1)
//   varint    N, the number of points
//   varint    first time (ms since the epoch), then N−1 varints: each time minus the one before (ascending)
//   varint    C, the number of columns; then per column:
//     byte    subject (0 device, 1 link, 2 backend; a site's: 3 member, 4 nexthop)
//     string  name, string metric (varint byte length + UTF-8)
//     N × varint  value codes: 0 = null; else zigzag(round(value × scale)) + 1, scale per metric (METRIC_SCALES)
//
// varints are little-endian base-128 (as protobuf), written with arithmetic rather than bit operators so values
// up to 2^52 (bits/s of a 100 Gbit/s link, counters) survive. Quantising is the only loss: bits/s to 1, RTT and
// loss to 1/1000, packets/s to 1/100. null and 0 stay distinct; NaN and ±Infinity are stored as null.

const VERSION = 1;
const SUBJECTS: SeriesSubject[] = ["device", "link", "backend", "member", "nexthop"];
const MAX = 2 ** 52;

class Writer {
  private bytes: number[] = [];
  varint(value: number): void {
    let n = value;
    while (n >= 128) {
      this.bytes.push((n % 128) + 128);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }
  byte(value: number): void {
    this.bytes.push(value);
  }
  string(text: string): void {
    const utf8 = new TextEncoder().encode(text);
    this.varint(utf8.length);
    for (const b of utf8) this.bytes.push(b);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.at >= this.bytes.length) throw new Error("history block: truncated");
    return this.bytes[this.at++]!;
  }
  varint(): number {
    let value = 0;
    let factor = 1;
    for (;;) {
      const b = this.byte();
      value += (b % 128) * factor;
      if (b < 128) return value;
      factor *= 128;
      if (factor > 2 ** 56) throw new Error("history block: varint too long");
    }
  }
  string(): string {
    const length = this.varint();
    if (this.at + length > this.bytes.length) throw new Error("history block: truncated");
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
  end(): void {
    if (this.at !== this.bytes.length) throw new Error("history block: trailing bytes");
  }
}

function valueCode(value: number | null, scale: number): number {
  if (value === null || !Number.isFinite(value)) return 0;
  const q = Math.max(-MAX, Math.min(MAX, Math.round(value * scale)));
  return (q >= 0 ? q * 2 : -q * 2 - 1) + 1;
}

function codeValue(code: number, scale: number): number | null {
  if (code === 0) return null;
  const z = code - 1;
  const q = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  return q / scale;
}

/** What decoding gives back for a value: the value quantised to its metric's scale (null for null/NaN). */
export function quantise(value: number | null, metric: string): number | null {
  return codeValue(valueCode(value, scaleOf(metric)), scaleOf(metric));
}

export function encodeBlock(block: SeriesBlock): Uint8Array {
  const w = new Writer();
  w.byte(VERSION);
  w.varint(block.times.length);
  block.times.forEach((t, i) => {
    const delta = i === 0 ? t : t - block.times[i - 1]!;
    if (!Number.isInteger(delta) || delta < 0) throw new Error("history block: times must be ascending whole ms");
    w.varint(delta);
  });
  w.varint(block.columns.length);
  for (const c of block.columns) {
    w.byte(SUBJECTS.indexOf(c.subject));
    w.string(c.name);
    w.string(c.metric);
    const scale = scaleOf(c.metric);
    for (let i = 0; i < block.times.length; i++) w.varint(valueCode(c.values[i] ?? null, scale));
  }
  return w.done();
}

export function decodeBlock(bytes: Uint8Array): SeriesBlock {
  const r = new Reader(bytes);
  const version = r.byte();
  if (version !== VERSION) throw new Error(`history block: unknown version ${version}`);
  const n = r.varint();
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(r.varint() + (i === 0 ? 0 : times[i - 1]!));
  const columns: SeriesColumn[] = [];
  const count = r.varint();
  for (let c = 0; c < count; c++) {
    const subject = SUBJECTS[r.byte()];
    if (!subject) throw new Error("history block: unknown subject");
    const name = r.string();
    const metric = r.string();
    const scale = scaleOf(metric);
    const values: (number | null)[] = [];
    for (let i = 0; i < n; i++) values.push(codeValue(r.varint(), scale));
    columns.push({ subject, name, metric, values });
  }
  r.end();
  return { times, columns };
}
