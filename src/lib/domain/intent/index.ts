export { ZIntent, primaryTier, type Intent, type IntentInput } from "./intent";
export { ZLink, ZConnectionHandling, type Link } from "./link";
export { ZProbe, detectionTimeMs, recoveryTimeMs, type Probe } from "./probe";
export { ZOutboundPolicy, ZBalanceMethod, ZLastResort, ZPinnedTraffic, type BalanceMethod, type OutboundPolicy, type PinnedTraffic } from "./outbound";
export { intentWarnings } from "./warnings";
