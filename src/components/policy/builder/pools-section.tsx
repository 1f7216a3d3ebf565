"use client";
import { INTENT_LIMITS, useIssuesAt } from "@/stores/policy-draft-checks";
import { appendAt, removeAt, setAt, useDraftValue } from "@/stores/policy-draft-store";
import { ChoiceField, InterfaceField, Issues, NumberField, TextField, useCanEdit } from "./fields";
import { PoolProbeFields } from "./pool-probe-fields";
import { BACKEND_STATE_WORDS, PROTOCOL_WORDS, STICKY_WORDS } from "./words";

const P = INTENT_LIMITS.pool;
const B = INTENT_LIMITS.backend;
const POOLS = ["inbound", "pools"] as const;

const NEW_BACKEND = { name: "", address: "", weight: 1, state: "active" };
const NEW_POOL = { name: "", listen: { interface: "", protocol: "tcp", port: 443 }, backends: [NEW_BACKEND] };

// Inbound server pools: clients connect to one address and port on the device and each new connection goes to one
// backend by weight. Draining a backend for maintenance has its own screen (Pools); here its state is one field.
export function PoolsSection() {
  const pools = useDraftValue<unknown[]>(POOLS) ?? [];
  const canEdit = useCanEdit();
  const issues = useIssuesAt(POOLS);
  return (
    <section className="card min-w-0 space-y-4" aria-labelledby="pools-heading">
      <div className="space-y-1">
        <h2 id="pools-heading" className="font-semibold">
          Server pools
        </h2>
        <p className="text-sm text-slate-600">
          {pools.length === 0 ? "No server pools: nothing inbound is balanced." : `${pools.length} of at most ${INTENT_LIMITS.pools.max} pools.`}
        </p>
        <Issues id="pools-issues" issues={issues} />
      </div>
      {pools.map((_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a pool's place in the draft is its identity while its name is typed
        <PoolCard key={index} index={index} count={pools.length} />
      ))}
      {canEdit && (INTENT_LIMITS.pools.max === null || pools.length < INTENT_LIMITS.pools.max) && (
        <button type="button" className="btn-secondary" onClick={() => appendAt(POOLS, structuredClone(NEW_POOL))}>
          Add server pool
        </button>
      )}
    </section>
  );
}

function PoolCard({ index, count }: { index: number; count: number }) {
  const path = [...POOLS, index] as const;
  const name = useDraftValue<string>([...path, "name"]);
  const backends = useDraftValue<unknown[]>([...path, "backends"]) ?? [];
  const issues = useIssuesAt(path);
  const backendIssues = useIssuesAt([...path, "backends"]);
  const listenIssues = useIssuesAt([...path, "listen"]);
  const probeIssues = useIssuesAt([...path, "probe"]);
  const canEdit = useCanEdit();
  const label = name ? `Pool ${name}` : `Pool ${index + 1}`;
  // The last pool taken away takes the inbound section with it, as in an intent that never had one.
  const removePool = () => (count === 1 ? setAt(["inbound"], undefined) : removeAt(POOLS, index));
  return (
    <section aria-label={label} data-testid="pool-card" className="min-w-0 space-y-3 rounded-lg border border-slate-200 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="min-w-0 flex-1 font-semibold">{label}</h3>
        {canEdit && (
          <button type="button" className="btn-secondary px-2 py-1 text-xs text-rose-700" onClick={removePool}>
            Remove {label.toLowerCase()}
          </button>
        )}
      </div>
      <Issues id={`pool-${index}-issues`} issues={[...issues, ...listenIssues]} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField path={[...path, "name"]} label="Pool name" hint={P.name.rule} />
        <InterfaceField path={[...path, "listen", "interface"]} label="Listens on interface" hint={INTENT_LIMITS.link.interface.rule} />
        <TextField path={[...path, "listen", "address"]} label="Listen address" optional hint="optional: any of the device's addresses on that interface" />
        <ChoiceField path={[...path, "listen", "protocol"]} label="Protocol" limit={P.protocol} words={PROTOCOL_WORDS} />
        <NumberField path={[...path, "listen", "port"]} label="Port" limit={P.port} />
        <ChoiceField path={[...path, "sticky"]} label="Stickiness" limit={P.sticky} words={STICKY_WORDS} />
      </div>
      <Issues id={`pool-${index}-probe-issues`} issues={probeIssues} />
      <PoolProbeFields path={path} />
      <fieldset className="min-w-0 space-y-3">
        <legend className="text-sm font-semibold">
          Backends ({backends.length} of at most {P.backends.max})
        </legend>
        <Issues id={`pool-${index}-backend-issues`} issues={backendIssues} />
        {backends.map((_, b) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a backend's place is its identity while its name is typed
          <BackendRow key={b} pool={index} index={b} />
        ))}
        {canEdit && (P.backends.max === null || backends.length < P.backends.max) && (
          <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => appendAt([...path, "backends"], structuredClone(NEW_BACKEND))}>
            Add backend to {label.toLowerCase()}
          </button>
        )}
      </fieldset>
    </section>
  );
}

function BackendRow({ pool, index }: { pool: number; index: number }) {
  const path = [...POOLS, pool, "backends", index] as const;
  const name = useDraftValue<string>([...path, "name"]);
  const canEdit = useCanEdit();
  const label = name ? `backend ${name}` : `backend ${index + 1}`;
  return (
    <fieldset aria-label={label} className="grid min-w-0 gap-3 rounded-md border border-slate-100 p-3 sm:grid-cols-2 lg:grid-cols-6">
      <TextField path={[...path, "name"]} label="Backend name" hint={P.name.rule} />
      <TextField path={[...path, "address"]} label="Address" hint={INTENT_LIMITS.link.gateway.rule} />
      <NumberField path={[...path, "port"]} label="Port" limit={B.port} hint="the pool's port when empty" />
      <NumberField path={[...path, "weight"]} label="Weight" limit={B.weight} />
      <ChoiceField path={[...path, "state"]} label="State" limit={B.state} words={BACKEND_STATE_WORDS} />
      {canEdit && (
        <div className="flex items-start pt-6">
          <button type="button" className="btn-secondary px-2 py-1 text-xs text-rose-700" onClick={() => removeAt([...POOLS, pool, "backends"], index)}>
            Remove {label}
          </button>
        </div>
      )}
    </fieldset>
  );
}
