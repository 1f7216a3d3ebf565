// Shown inside the navigation frame while a dashboard page renders.
import { PageLoading } from "@/components/shell/page-loading";

export default function Loading() {
  return <PageLoading what="the page" />;
}
