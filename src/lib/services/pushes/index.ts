export { startPush, StartPushInput } from "./start-push";
export { listPushes, getPush } from "./list-pushes";
export { previewPlan, PreviewPlanInput, type PlanPreview } from "./preview-plan";
export { readDeviceState, type DeviceStateView } from "./read-device-state";
export type { PushView, PushStepRecord } from "./internal";
export { failInterruptedPushes } from "./fail-interrupted-pushes";
