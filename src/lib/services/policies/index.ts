export { savePolicy, type PolicyView } from "./save-policy";
export { getPolicy } from "./get-policy";
export { saveTargetOptions } from "./save-target-options";
