"use client";
import { INTENT_LIMITS } from "@/stores/policy-draft-checks";
import { ChoiceField } from "./fields";
import { TextListField } from "./text-list-field";
import { LAST_RESORT_WORDS, METHOD_WORDS } from "./words";

const O = INTENT_LIMITS.outbound;

// Which LAN traffic is balanced, how a link is chosen for it, and what happens when every link is down.
export function OutboundSection() {
  return (
    <section className="card min-w-0 space-y-4" aria-labelledby="outbound-heading">
      <h2 id="outbound-heading" className="font-semibold">
        Outbound: LAN traffic
      </h2>
      <div className="grid gap-4 md:grid-cols-2">
        <TextListField
          path={["outbound", "lanInterfaces"]}
          label="LAN interfaces"
          itemLabel="LAN interface"
          limit={O.lanInterfaces}
          noun="interfaces"
          rule={INTENT_LIMITS.link.interface.rule}
          interfaces
        />
        <TextListField
          path={["outbound", "lanSources"]}
          label="LAN sources (balanced)"
          itemLabel="LAN source"
          limit={O.lanSources}
          noun="prefixes"
          rule={O.lanSource.rule}
        />
        <ChoiceField path={["outbound", "method"]} label="Balancing method" limit={O.method} words={METHOD_WORDS} />
        <ChoiceField path={["outbound", "lastResort"]} label="When every link is down" limit={O.lastResort} words={LAST_RESORT_WORDS} />
      </div>
    </section>
  );
}
