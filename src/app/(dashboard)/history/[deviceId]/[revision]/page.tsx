import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/format-time";
import { ChangesList } from "@/components/history/changes-list";
import { Outcome } from "@/components/history/outcome";
import { PlanDiff } from "@/components/history/plan-diff";
import { PushSteps } from "@/components/history/push-steps";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { NotFoundError } from "@/lib/services/errors";
import { getHistoryEntry, type HistoryDetail } from "@/lib/services/history";

export const metadata: Metadata = { title: "Change details" };

type Params = Promise<{ deviceId: string; revision: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const revisionNumber = (value: unknown): number | undefined => {
  const n = Number(value);
  return typeof value === "string" && /^\d{1,9}$/.test(value) && n >= 1 ? n : undefined;
};

// One revision in full: what it meant against the revision before it (or against what the device runs, from the
// saved-vs-running banner), what the device was sent, each push's steps, and "Revert to this revision".
export default async function HistoryDetailPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const session = await requirePageSession();
  const { deviceId, revision: rawRevision } = await params;
  const revision = revisionNumber(rawRevision);
  const against = revisionNumber([(await searchParams).against].flat()[0]);
  if (revision === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(deviceId)) notFound();
  const detail = await getHistoryEntry(session.ctx, deviceId, revision, against).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <Link href={`/history?device=${detail.deviceId}`} className="text-sm text-slate-500 hover:underline">
            ← History of {detail.deviceName}
          </Link>
          <h1 className="text-2xl font-semibold">
            Revision {detail.revision} of {detail.deviceName}
          </h1>
        </div>
        {hasRole(session, "operator") && (
          <Link href={`/devices/${detail.deviceId}/policy?from=${detail.revision}`} className="btn-primary" data-testid="revert-link">
            Revert to this revision
          </Link>
        )}
      </div>
      <section className="card space-y-2" aria-labelledby="saved-heading">
        <h2 id="saved-heading" className="font-semibold">
          Saved
        </h2>
        <Row label="When">{formatDateTime(detail.savedAt)}</Row>
        <Row label="By">{detail.savedBy}</Row>
        <Row label="Reason">{detail.reason || "—"}</Row>
        <Row label="Outcome">
          <Outcome outcome={detail.outcome} pushes={detail.pushes} />
        </Row>
      </section>
      <section className="card space-y-3" aria-labelledby="meaning-heading">
        <h2 id="meaning-heading" className="font-semibold">
          {meaningHeading(detail, against)}
        </h2>
        <ChangesList changes={detail.comparedChanges} label="What changed" />
      </section>
      <section className="card space-y-3" aria-labelledby="device-diff-heading">
        <h2 id="device-diff-heading" className="font-semibold">
          What the device was sent
        </h2>
        <DeviceDiff detail={detail} />
      </section>
      <section className="card space-y-3" aria-labelledby="pushes-heading">
        <h2 id="pushes-heading" className="font-semibold">
          Pushes of this revision
        </h2>
        <PushSteps pushes={detail.pushViews} />
      </section>
    </div>
  );
}

function meaningHeading(detail: HistoryDetail, against: number | undefined): string {
  if (against !== undefined) return `What revision ${detail.revision} changes against revision ${against}, which the device runs`;
  return detail.comparedWith === null ? "What it set up" : `What changed since revision ${detail.comparedWith}`;
}

function DeviceDiff({ detail }: { detail: HistoryDetail }) {
  const { before, after } = detail.plans;
  if (after === null) {
    return <p className="text-sm text-slate-600">This revision was never compiled for the device by a push, so there is no device-level change to show.</p>;
  }
  if ("unreadable" in after) return <p className="text-sm text-amber-800">{after.unreadable}</p>;
  if (before !== null && "unreadable" in before) return <p className="text-sm text-amber-800">{before.unreadable}</p>;
  return (
    <>
      <p className="text-sm text-slate-600">
        The plan its push of {formatDateTime(after.startedAt)} sent,{" "}
        {before === null
          ? "against nothing: no push was confirmed on this device before it."
          : `against the plan of the last push the device confirmed before it (${before.revision === null ? "a removal" : `revision ${before.revision}`}, ${formatDateTime(before.startedAt)}).`}
      </p>
      <PlanDiff before={before?.text ?? ""} after={after.text} />
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 text-sm">
      <span className="w-24 shrink-0 text-slate-500">{label}</span>
      <span className="min-w-0 break-words whitespace-pre-wrap">{children}</span>
    </div>
  );
}
