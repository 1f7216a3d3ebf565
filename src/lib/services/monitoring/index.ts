export type { FeedEvent, LiveFeed } from "./feed";
export { getFleet } from "./get-fleet";
export { watchDeviceLive } from "./watch-device-live";
export { watchFleetLive } from "./watch-fleet-live";
export { setMonitoring, MonitoringSettingsInput, type MonitoringSettings } from "./set-monitoring";
export { openAlertCounts } from "./open-alerts";
export { watchSiteLive } from "./watch-site-live";
