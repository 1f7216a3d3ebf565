"use client";
import { INTENT_LIMITS } from "@/stores/policy-draft-checks";
import { setAt, useDraftValue } from "@/stores/policy-draft-store";
import { useCanEdit } from "./fields";
import { TextListField } from "./text-list-field";

// Who the device e-mails when a link or backend goes down or comes back (through the device's own SMTP settings).
export function AlertsSection() {
  const to = useDraftValue<unknown[]>(["alerts", "email", "to"]);
  const canEdit = useCanEdit();
  return (
    <section className="card min-w-0 space-y-3" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading" className="font-semibold">
        Alerts
      </h2>
      {to === undefined ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="min-w-0 flex-1 text-sm text-slate-600">No e-mail alerts. The device sends them itself, through the mail server configured on it.</p>
          {canEdit && (
            <button type="button" className="btn-secondary" onClick={() => setAt(["alerts"], { email: { to: [""] } })}>
              Add e-mail alerts
            </button>
          )}
        </div>
      ) : (
        <>
          <TextListField
            path={["alerts", "email", "to"]}
            label="E-mail alerts to"
            itemLabel="Address"
            limit={INTENT_LIMITS.alerts.to}
            noun="addresses"
            rule={INTENT_LIMITS.alerts.address.rule}
          />
          {canEdit && (
            <button type="button" className="btn-secondary px-2 py-1 text-xs text-rose-700" onClick={() => setAt(["alerts"], undefined)}>
              Stop e-mail alerts
            </button>
          )}
        </>
      )}
    </section>
  );
}
