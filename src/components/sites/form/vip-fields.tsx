"use client";
import { HASH_WORDS, heartbeatDetection, nextNodeId, type VipHash } from "../words";
import { CheckFields } from "./check-fields";
import { useSiteForm } from "./context";
import { DeviceField, GroupIssue, InterfaceField, NumberField, SelectField, TextField, useValue } from "./fields";

type Node = { device?: string; interface?: string; address?: string; nodeId?: number };

// Shared virtual IP: the address and how clients are hashed into buckets, the heartbeat, an optional service check,
// and the nodes.
export function VipFields({ editing }: { editing: boolean }) {
  const hash = (useValue(["hash"]) as VipHash | undefined) ?? "source";
  const heartbeat = useValue(["heartbeat"]) as { intervalMs?: number; deadAfter?: number } | undefined;
  return (
    <div className="space-y-4">
      <fieldset className="card space-y-3">
        <legend className="px-1 font-semibold">Virtual IP</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField path={["vip"]} label="Virtual IP" hint="the address clients connect to, such as 192.0.2.10" />
          <NumberField path={["prefixLength"]} label="Prefix length" min={8} max={32} hint="on the shared segment" />
          <NumberField
            path={["buckets"]}
            label="Buckets"
            min={2}
            max={256}
            readOnly={editing}
            hint={
              editing
                ? "fixed for the life of the site: another count would move nearly every client to another node"
                : "fixed once the site is saved: another count later would move nearly every client to another node"
            }
          />
        </div>
        <SelectField
          path={["hash"]}
          label="Which node answers a client"
          options={Object.entries(HASH_WORDS).map(([value, words]) => ({ value, label: `Hash of: ${words.label.toLowerCase()}` }))}
          hint={HASH_WORDS[hash]?.explained}
        />
      </fieldset>
      <fieldset className="card space-y-3">
        <legend className="px-1 font-semibold">Heartbeat</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          <NumberField path={["heartbeat", "intervalMs"]} label="Every" unit="ms" min={50} max={1000} />
          <NumberField path={["heartbeat", "deadAfter"]} label="Dead after (heartbeats unheard)" min={2} max={20} />
          <NumberField path={["heartbeat", "port"]} label="UDP port" min={1} max={65535} />
        </div>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="heartbeat-detection">
          {heartbeatDetection(heartbeat)}
        </p>
      </fieldset>
      <CheckFields optional />
      <VipNodes />
    </div>
  );
}

function VipNodes() {
  const form = useSiteForm();
  const nodes = ((useValue(["members"]) as Node[] | undefined) ?? []).map((n) => n ?? {});
  const taken = nodes.map((n) => n.device ?? "");
  const add = () =>
    form.set(["members", nodes.length], { device: "", role: "vip-node", interface: "", address: "", nodeId: nextNodeId(nodes.map((n) => n.nodeId)) });
  const remove = (index: number) =>
    form.set(
      ["members"],
      nodes.filter((_, i) => i !== index),
    );
  return (
    <section className="space-y-3" aria-labelledby="site-nodes">
      <h2 id="site-nodes" className="text-lg font-semibold">
        Nodes
      </h2>
      <p className="text-sm text-slate-600">
        Two to sixteen Linux servers on the same segment. Each keeps its node number for the life of the site, so its buckets stay put.
      </p>
      <GroupIssue path={["members"]} />
      <ol className="space-y-3">
        {nodes.map((node, index) => {
          const name = form.devices.find((d) => d.id === node.device)?.name;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a node's place in the list is its path in the draft
            <li key={index} className="card space-y-3" data-testid="site-node">
              <div className="flex items-center justify-between gap-2">
                <h3 className="font-semibold">
                  Node {node.nodeId ?? "?"}
                  {name ? `: ${name}` : ""}
                </h3>
                <button type="button" className="btn-secondary py-1" onClick={() => remove(index)} aria-label={`Remove node ${node.nodeId ?? index + 1}`}>
                  Remove
                </button>
              </div>
              <div className="grid gap-3 sm:grid-cols-3">
                <DeviceField path={["members", index, "device"]} label="Device" taken={taken} />
                <InterfaceField path={["members", index, "interface"]} deviceId={node.device ?? ""} addressPath={["members", index, "address"]} />
                <TextField path={["members", index, "address"]} label="Node address" hint="its own address on the segment (heartbeats)" />
              </div>
              <GroupIssue path={["members", index]} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="btn-secondary" onClick={add}>
        Add node
      </button>
    </section>
  );
}
