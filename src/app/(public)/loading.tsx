// Shown while the sign-in or first-run page renders.
import { PageLoading } from "@/components/shell/page-loading";

export default function Loading() {
  return <PageLoading what="sign-in" />;
}
