// Shown under the device's tab bar while a tab renders (reading the device can take a moment).
import { PageLoading } from "@/components/shell/page-loading";

export default function Loading() {
  return <PageLoading what="the device" />;
}
