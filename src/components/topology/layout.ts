// Where each box of the topology goes: LAN → device → links → internet, with the pools' backends beside the LAN.
// Wide screens lay it out left to right, narrow ones top to bottom, so labels stay readable at 390 px.

export type Tone = "ok" | "warn" | "bad" | "idle" | "neutral";
export type TopoNode = { id: string; x: number; y: number; w: number; h: number; title: string; sub: string; tone: Tone };
export type TopoEdge = { id: string; from: TopoNode; to: TopoNode; width: number; tone: Tone; dashed: boolean };
export type Topology = { width: number; height: number; nodes: TopoNode[]; edges: TopoEdge[] };

export type TopoInput = {
  lan: { title: string; sub: string };
  device: { title: string; sub: string };
  links: { id: string; title: string; sub: string; tone: Tone; width: number; dashed: boolean }[];
  backends: { id: string; title: string; sub: string; tone: Tone }[];
};

const W = 150;
/** What fits a box at 13 px; the full name is in the list beside the picture. */
const TITLE_CHARS = 19;
const clipped = (text: string): string => (text.length <= TITLE_CHARS ? text : `${text.slice(0, TITLE_CHARS - 1)}…`);
const H = 44;
const GAP = 16;

/** Centres `count` boxes of size `size` along an axis of length `length`. */
const spread = (count: number, size: number, length: number): number[] => {
  const total = count * size + (count - 1) * GAP;
  return Array.from({ length: count }, (_, i) => (length - total) / 2 + i * (size + GAP));
};

export function layoutTopology(input: TopoInput, orientation: "wide" | "narrow"): Topology {
  const sideCount = 1 + input.backends.length;
  const rows = Math.max(input.links.length, sideCount, 1);
  const node = (id: string, x: number, y: number, title: string, sub: string, tone: Tone): TopoNode => ({
    id,
    x,
    y,
    w: W,
    h: H,
    title: clipped(title),
    sub: clipped(sub),
    tone,
  });
  if (orientation === "wide") {
    const height = rows * (H + GAP) + GAP;
    const cols = [10, 200, 390, 580];
    const side = spread(sideCount, H, height);
    const lan = node("lan", cols[0]!, side[0]!, input.lan.title, input.lan.sub, "neutral");
    const backends = input.backends.map((b, i) => node(b.id, cols[0]!, side[i + 1]!, b.title, b.sub, b.tone));
    return assemble(input, lan, backends, node("device", cols[1]!, (height - H) / 2, input.device.title, input.device.sub, "neutral"), {
      links: spread(input.links.length, H, height).map((y, i) =>
        node(input.links[i]!.id, cols[2]!, y, input.links[i]!.title, input.links[i]!.sub, input.links[i]!.tone),
      ),
      internet: node("internet", cols[3]!, (height - H) / 2, "Internet", "", "neutral"),
      width: cols[3]! + W + 10,
      height,
    });
  }
  const width = Math.max(2, input.links.length, sideCount) * (W + GAP) + GAP;
  const rowsY = [10, 100, 190, 280];
  const side = spread(sideCount, W, width);
  const lan = node("lan", side[0]!, rowsY[0]!, input.lan.title, input.lan.sub, "neutral");
  const backends = input.backends.map((b, i) => node(b.id, side[i + 1]!, rowsY[0]!, b.title, b.sub, b.tone));
  return assemble(input, lan, backends, node("device", (width - W) / 2, rowsY[1]!, input.device.title, input.device.sub, "neutral"), {
    links: spread(input.links.length, W, width).map((x, i) =>
      node(input.links[i]!.id, x, rowsY[2]!, input.links[i]!.title, input.links[i]!.sub, input.links[i]!.tone),
    ),
    internet: node("internet", (width - W) / 2, rowsY[3]!, "Internet", "", "neutral"),
    width,
    height: rowsY[3]! + H + 10,
  });
}

function assemble(
  input: TopoInput,
  lan: TopoNode,
  backends: TopoNode[],
  device: TopoNode,
  rest: { links: TopoNode[]; internet: TopoNode; width: number; height: number },
): Topology {
  const edges: TopoEdge[] = [
    { id: "lan-device", from: lan, to: device, width: 3, tone: "neutral", dashed: false },
    ...backends.map((b) => ({ id: `${b.id}-device`, from: device, to: b, width: 2, tone: b.tone, dashed: b.tone !== "ok" })),
    ...rest.links.flatMap((l, i) => {
      const spec = input.links[i]!;
      return [
        { id: `device-${l.id}`, from: device, to: l, width: spec.width, tone: spec.tone, dashed: spec.dashed },
        { id: `${l.id}-internet`, from: l, to: rest.internet, width: spec.width, tone: spec.tone, dashed: spec.dashed },
      ];
    }),
  ];
  return { width: rest.width, height: rest.height, nodes: [lan, ...backends, device, ...rest.links, rest.internet], edges };
}
