// Shown under the device's tab bar while a tab renders (reading the device can take a moment).
// Loading boundaries sit only below the segments that answer 404 (this [id] layout, a history revision): a page
// that streams from a boundary above its notFound() has already sent 200, and an unknown device must be a 404.
import { PageLoading } from "@/components/shell/page-loading";

export default function Loading() {
  return <PageLoading what="the device" />;
}
