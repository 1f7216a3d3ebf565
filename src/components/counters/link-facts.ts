import type { Intent } from "@/lib/domain/intent";
import type { LinkFacts } from "./link-health";

/** Each link's gateway and probe targets, from the saved policy, for the link health table. */
export const linkFacts = (intent: Intent | null | undefined): LinkFacts[] =>
  (intent?.links ?? []).map((l) => ({ name: l.name, gateway: l.gateway, targets: [...l.probe.targets] }));
