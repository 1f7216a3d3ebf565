import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeviceForm } from "@/components/device-form";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";

export const metadata: Metadata = { title: "Edit" };

export default async function EditDevicePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  const device = await getDevice(session.ctx, (await params).id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        Edit <span className="whitespace-pre-wrap">{device.name}</span>
      </h1>
      <DeviceForm device={device} />
    </div>
  );
}
