import type { Metadata } from "next";
import { DeviceForm } from "@/components/device-form";
import { Forbidden } from "@/components/forbidden";
import { hasRole, requirePageSession } from "@/lib/http/page-auth";

export const metadata: Metadata = { title: "Add device" };

export default async function NewDevicePage() {
  const session = await requirePageSession();
  if (!hasRole(session, "admin")) return <Forbidden requiredRole="admin" />;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Add device</h1>
      <DeviceForm />
    </div>
  );
}
