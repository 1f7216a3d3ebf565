// Where a V8 CPU profile (node --cpu-prof, e.g. bench/fleet/run-size.ts --profile <dir>) spent its time: self time
// by function and by file, top entries. The profile's format is the DevTools protocol's Profiler.Profile: nodes
// {id, callFrame {functionName, url, lineNumber}, children}, samples (node ids) and timeDeltas (µs).
// Usage: npx tsx bench/fleet/profile-summary.ts <file.cpuprofile> [top=25]
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Profile;
const top = Number(process.argv[3] ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

const total = (profile.endTime - profile.startTime) / 1000;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, micros] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const file = url.replace(/^.*\/(node_modules|\.next)\//, "$1/").replace(/^file:\/\//, "") || "(native)";
  byFunction.set(
    `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`,
    (byFunction.get(`${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`) ?? 0) + micros / 1000,
  );
  const module = file.replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*$/, "$1");
  byFile.set(module, (byFile.get(module) ?? 0) + micros / 1000);
}
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (profile ${total.toFixed(0)} ms)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
};
print("self time by function", byFunction);
print("self time by file or package", byFile);
