export { ZIntent, primaryTier, type Intent, type IntentInput } from "./intent";
export { ZLink, ZConnectionHandling, type Link } from "./link";
export { ZProbe, detectionTimeMs, detectionWords, failoverTimesMs, formatSeconds, recoveryTimeMs, recoveryWords, type Probe } from "./probe";
export { ZOutboundPolicy, ZBalanceMethod, ZLastResort, ZPinnedTraffic, type BalanceMethod, type OutboundPolicy, type PinnedTraffic } from "./outbound";
export {
  ZInbound,
  ZServerPool,
  ZBackend,
  ZBackendState,
  ZPoolListen,
  ZPoolProbe,
  ZPoolStickiness,
  ZServerName,
  type Backend,
  type BackendState,
  type Inbound,
  type PoolListen,
  type PoolProbe,
  type ServerPool,
} from "./inbound";
export { ZAlerts, ZEmailAlerts, ZEmailAddress, type Alerts } from "./alerts";
export { intentWarnings } from "./warnings";
export {
  POOL_PROBE_DEFAULTS,
  STICKINESS_WORDS,
  aboutSeconds,
  poolCheckWords,
  poolDetectionMs,
  poolProbeSettings,
  poolProbeWords,
  poolReturnMs,
  poolTimingWords,
  type PoolProbeSettings,
} from "./pool-probe";
export { describeIntentChanges, describeTargetOptionChanges, type IntentChange } from "./changes";
