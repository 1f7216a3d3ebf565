"use client";
import { bfdDetection, isPrivateAsn, PRIVATE_ASN, suggestAsn } from "../words";
import { CheckFields } from "./check-fields";
import { useSiteForm } from "./context";
import { DeviceField, GroupIssue, InterfaceField, NumberField, SelectField, TextField, useValue } from "./fields";

type Member = { device?: string; role?: string; asn?: number | string; preference?: string };

const asnHint = (asn: unknown) =>
  typeof asn === "number" && !isPrivateAsn(asn)
    ? `AS ${asn} is not a private AS number: use ${PRIVATE_ASN.first}–${PRIVATE_ASN.last} unless this AS is yours`
    : `a private AS number, ${PRIVATE_ASN.first}–${PRIVATE_ASN.last}`;

// BGP anycast: the service address and its check, BFD and the hold time with what they mean, the edge router, and
// the servers that announce the address.
export function AnycastFields() {
  const bfd = useValue(["bfd"]) as { intervalMs?: number; multiplier?: number } | undefined;
  const hold = useValue(["holdTimeSec"]) as number | undefined;
  return (
    <div className="space-y-4">
      <fieldset className="card space-y-3">
        <legend className="px-1 font-semibold">Service</legend>
        <TextField path={["address"]} label="Service address" hint="every server announces it as a /32, such as 198.51.100.80" className="sm:max-w-sm" />
        <div className="grid gap-3 sm:grid-cols-3">
          <NumberField path={["bfd", "intervalMs"]} label="BFD interval" unit="ms" min={10} max={10_000} />
          <NumberField path={["bfd", "multiplier"]} label="BFD multiplier" min={2} max={10} />
          <NumberField path={["holdTimeSec"]} label="BGP hold time" unit="s" min={3} max={240} />
        </div>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="bfd-detection">
          {bfdDetection(bfd, typeof hold === "number" ? hold : undefined)}
        </p>
      </fieldset>
      <CheckFields optional={false} />
      <EdgeAndServers />
    </div>
  );
}

function EdgeAndServers() {
  const form = useSiteForm();
  const members = ((useValue(["members"]) as Member[] | undefined) ?? []).map((m) => m ?? {});
  const taken = members.map((m) => m.device ?? "");
  const edgeIndex = members.findIndex((m) => m.role === "anycast-edge");
  const edge = members[edgeIndex];
  const asns = members.map((m) => (typeof m.asn === "number" ? m.asn : undefined));
  const addEdge = () => form.set(["members", members.length], { device: "", role: "anycast-edge", asn: 65000 });
  const addServer = () =>
    form.set(["members", members.length], {
      device: "",
      role: "anycast-server",
      interface: "",
      address: "",
      edgeAddress: "",
      asn: suggestAsn([65000, ...asns]),
      preference: "preferred",
    });
  const remove = (index: number) =>
    form.set(
      ["members"],
      members.filter((_, i) => i !== index),
    );
  return (
    <>
      <section className="card space-y-3" aria-labelledby="site-edge">
        <h2 id="site-edge" className="text-lg font-semibold">
          Edge router
        </h2>
        <p className="text-sm text-slate-600">A Linux gateway running BIRD: it peers with every server and spreads flows over the preferred ones (ECMP).</p>
        {edge ? (
          <div className="grid gap-3 sm:grid-cols-3" data-testid="site-edge">
            <DeviceField path={["members", edgeIndex, "device"]} label="Device" taken={taken} />
            <NumberField path={["members", edgeIndex, "asn"]} label="AS number" hint={asnHint(edge.asn)} />
            <BirdPaths index={edgeIndex} />
          </div>
        ) : (
          <button type="button" className="btn-secondary" onClick={addEdge}>
            Choose the edge router
          </button>
        )}
      </section>
      <section className="space-y-3" aria-labelledby="site-servers">
        <h2 id="site-servers" className="text-lg font-semibold">
          Servers
        </h2>
        <p className="text-sm text-slate-600">Each server peers with the edge over eBGP (its own AS number) on the link between them.</p>
        <GroupIssue path={["members"]} />
        <ol className="space-y-3">
          {members.map((member, index) => {
            if (member.role !== "anycast-server") return null;
            const name = form.devices.find((d) => d.id === member.device)?.name ?? "new server";
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a server's place in the list is its path in the draft
              <li key={index} className="card space-y-3" data-testid="site-server">
                <div className="flex items-center justify-between gap-2">
                  <h3 className="font-semibold">Server: {name}</h3>
                  <button type="button" className="btn-secondary py-1" onClick={() => remove(index)} aria-label={`Remove server ${name}`}>
                    Remove
                  </button>
                </div>
                <div className="grid gap-3 sm:grid-cols-3">
                  <DeviceField path={["members", index, "device"]} label="Device" taken={taken} />
                  <InterfaceField path={["members", index, "interface"]} deviceId={member.device ?? ""} addressPath={["members", index, "address"]} />
                  <TextField path={["members", index, "address"]} label="Server address" hint="on its link to the edge" />
                  <TextField path={["members", index, "edgeAddress"]} label="Edge address" hint="the edge's address on the same link" />
                  <NumberField path={["members", index, "asn"]} label="AS number" hint={asnHint(member.asn)} />
                  <SelectField
                    path={["members", index, "preference"]}
                    label="Takes traffic"
                    options={[
                      { value: "preferred", label: "Preferred: shares the traffic" },
                      { value: "standby", label: "Standby: only when no preferred server is left" },
                    ]}
                  />
                  <BirdPaths index={index} />
                </div>
                <GroupIssue path={["members", index]} />
              </li>
            );
          })}
        </ol>
        <button type="button" className="btn-secondary" onClick={addServer}>
          Add server
        </button>
      </section>
    </>
  );
}

/** Where BIRD keeps its configuration and control socket on this member; Debian's bird2 package by default. */
function BirdPaths({ index }: { index: number }) {
  return (
    <details className="sm:col-span-3">
      <summary className="cursor-pointer text-sm text-sky-800">BIRD on this device (Debian&apos;s paths unless changed)</summary>
      <div className="mt-2 grid gap-3 sm:grid-cols-2">
        <TextField path={["members", index, "bird", "configFile"]} label="BIRD configuration file" placeholder="/etc/bird/bird.conf" />
        <TextField path={["members", index, "bird", "controlSocket"]} label="BIRD control socket" placeholder="/run/bird/bird.ctl" />
      </div>
    </details>
  );
}
