// The Setup wizard tab: dual-WAN from a device's own reading to traffic on both links, step by step.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SetupWizard } from "@/components/wizard/setup-wizard";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";

export const metadata: Metadata = { title: "Setup wizard" };

export default async function WizardPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Dual-WAN setup</h1>
        <p className="text-sm text-slate-600">
          Waymark reads the device, proposes its links and LAN, shows what the plan means and what it changes, pushes it with automatic rollback, and ends on
          new connections arriving on each link.
        </p>
      </div>
      {hasRole(session, "operator") ? (
        <SetupWizard deviceId={device.id} />
      ) : (
        <p className="card text-sm text-slate-700" data-testid="wizard-operators-only">
          The setup wizard reads the device and pushes a policy, which operators and admins do. You can see the saved policy on the Policy tab.
        </p>
      )}
    </div>
  );
}
