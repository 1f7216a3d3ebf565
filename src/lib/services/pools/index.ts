export { getPools, type BackendView, type PoolView, type PoolsView } from "./get-pools";
export { setBackendState, SetBackendStateInput, type BackendStateChange } from "./set-backend-state";
export type { Maintenance } from "./maintenance";
