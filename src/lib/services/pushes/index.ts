export { startPush, StartPushInput } from "./start-push";
export { removePolicy, RemovePolicyInput } from "./remove-policy";
export { listPushes, getPush } from "./list-pushes";
export { waitForPush } from "./wait-for-push";
export { previewPlan, PreviewPlanInput, type PlanPreview } from "./preview-plan";
export { readDeviceState, type DeviceStateView } from "./read-device-state";
export type { PushView, PushStepRecord } from "./internal";
export { PUSH_STATUSES, StepRecords } from "./internal";
export { settleInterruptedPushes } from "./settle-interrupted-pushes";
