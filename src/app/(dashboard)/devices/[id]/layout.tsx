// Every device screen (overview, wizard, policy, pools, counters, drills) sits under one frame: the way back to the
// device list, the device's name and the tab bar. Page titles read "<device> · <tab> · Waymark": each tab page sets
// only its own title ("Policy") and this layout's template adds the rest.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { DeviceTabs } from "@/components/shell/device-tabs";
import { requirePageSession } from "@/lib/http/page-auth";
import { getDevice } from "@/lib/services/devices";
import { NotFoundError } from "@/lib/services/errors";

type Props = { params: Promise<{ id: string }>; children: ReactNode };

async function deviceOrNotFound(id: string) {
  const session = await requirePageSession();
  return getDevice(session.ctx, id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
}

export async function generateMetadata({ params }: Omit<Props, "children">): Promise<Metadata> {
  const device = await deviceOrNotFound((await params).id);
  return { title: { default: device.name, template: `${device.name} · %s · Waymark` } };
}

export default async function DeviceLayout({ params, children }: Props) {
  const device = await deviceOrNotFound((await params).id);
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/devices" className="hover:underline">
            Devices
          </Link>
          <span aria-hidden="true"> › </span>
          <span className="whitespace-pre-wrap text-slate-700">{device.name}</span>
        </nav>
        <DeviceTabs deviceId={device.id} />
      </div>
      {children}
    </div>
  );
}
