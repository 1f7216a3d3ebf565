export { resetRuleCounters, type CountersReset } from "./reset-rule-counters";
