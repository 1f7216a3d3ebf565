export { savePolicy, SavePolicyInput, type PolicyView } from "./save-policy";
export { getPolicy } from "./get-policy";
export { saveTargetOptions, SaveTargetOptionsInput } from "./save-target-options";
export { getRevision } from "./get-revision";
export { listRevisions, type RevisionSummary } from "./list-revisions";
export { getRunningPolicy, type RunningPolicyView } from "./get-running";
export type { PolicyRevisionView } from "./revisions-internal";
export { compareSavedAndRunning, type SavedVsRunningView, type SavedVsRunningState } from "./compare-saved-running";
