export { startFailoverDrill, StartDrillInput } from "./start-drill";
export { listDrills, getDrill, waitForDrill } from "./list-drills";
export { settleInterruptedDrills } from "./settle-interrupted-drills";
export type { DrillView } from "./internal";
