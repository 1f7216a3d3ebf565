export { savePolicy, type PolicyView } from "./save-policy";
export { getPolicy } from "./get-policy";
