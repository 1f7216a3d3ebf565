import "server-only";

// The one seam between Waymark and a device. Each kind (routeros/, linux/) implements DeviceDriver in its own
// folder; services hold only this type and never ask which kind a device is. Devices never see the database.

import type { Capabilities } from "@/lib/domain/device/capabilities";
import type { DeviceChanges } from "@/lib/domain/device/changes";
import type { DeviceReading } from "@/lib/domain/device/reading";
import type { DeviceKind } from "@/lib/domain/device";
import type { Intent } from "@/lib/domain/intent";
import type { LinuxPlan } from "@/lib/domain/compile/linux";
import type { RouterOsPlan } from "@/lib/domain/compile/routeros";
import type { PlanWarning } from "@/lib/domain/plan";
import type { TargetOptions } from "@/lib/domain/target-options";
import type { MemberPlan } from "@/lib/domain/site/member-plan";
import type { MemberReading } from "@/lib/domain/site/member-reading";
import type { PushOutcome, PushProgress } from "./push-types";

export type { DeviceKind };

export type RouterOsTarget = {
  kind: "routeros";
  host: string;
  port: number;
  /** "plain" = 8728; "tls" = verified certificate; "tls-anon" = RouterOS's certificate-less anonymous-DH api-ssl. */
  transport: "plain" | "tls" | "tls-anon";
  username: string;
  password: string;
};

export type LinuxTarget = {
  kind: "linux";
  host: string;
  port: number;
  username: string;
  auth: { method: "password"; password: string } | { method: "key"; privateKey: string; passphrase?: string };
  /** OpenSSH-style "SHA256:…" fingerprint pinned on first contact; null means "not pinned yet, learn it". */
  pinnedHostKey: string | null;
};

export type DeviceTarget = RouterOsTarget | LinuxTarget;

export type DeviceIdentity = {
  identity: string; // RouterOS /system identity, or the Linux hostname
  model: string; // board name, or DMI product / device-tree model
  version: string; // RouterOS version, or "Debian GNU/Linux 12 (bookworm), kernel 6.1.0"
  hostKey?: { algorithm: string; fingerprint: string }; // Linux only
};

export type ConnectionFailure =
  | { status: "unreachable"; message: string }
  | { status: "auth_failed"; message: string }
  | { status: "timed_out"; message: string }
  | { status: "host_key_mismatch"; message: string; presented: { algorithm: string; fingerprint: string } }
  | { status: "protocol_error"; message: string };

export type ConnectionCheck = ({ status: "reachable" } & DeviceIdentity) | ConnectionFailure;

export type ConnectionOptions = {
  /** Whole-check budget, connect + login + identity reads. */
  timeoutMs: number;
};

/** Whatever a kind compiles to; services store and hash it but never look inside. */
export type DevicePlan = LinuxPlan | RouterOsPlan;

/**
 * What inspection found. `capabilities` is the same shape for every kind; the adapter keeps its own vendor details
 * (current objects, armed jobs, applied hashes) beside it for the push that follows.
 */
export type DeviceInspection = {
  capabilities: Capabilities;
  /** One line for the push history: "edge-01 (CHR, RouterOS 7.16.2), safe mode available". */
  summary: string;
  warnings: string[];
};

export type CompileOptions = {
  targetOptions: TargetOptions;
  /** RouterOS: how the previewed script spells menus. */
  dialect?: "spaced" | "slashed";
  /** A what-if preview: compile as if the device ran this firewall (Linux) or major version (RouterOS). */
  assume?: { flavour?: "nftables" | "iptables"; routerosVersion?: "6" | "7" };
};

/** The warning code of a plan that could not be compiled because the device has not said what it runs yet. */
export const VERSION_UNKNOWN = "device-version-unknown";

/** A plan, or the reasons (severity "error") this device cannot realise the intent; never a throw. */
export type CompiledPlan = {
  plan: DevicePlan | null;
  warnings: PlanWarning[];
  /** "RouterOS v7 · PCC", "Linux · nftables": what the plan was compiled for, in the admin's words. */
  label: string;
};

export type PushOptions = {
  pushId: string;
  planHash: string;
  /** What the last confirmed push left on the device (its applied hash), to tell an unchanged push. */
  lastAppliedHash: string | null;
  confirmWindowSec: number;
  onProgress: PushProgress;
};

/** What became of a push the dashboard lost track of (it stopped mid-push), asked of the device itself. */
export type SettledPush =
  | { outcome: "confirmed"; appliedHash: string; detail: string }
  | { outcome: "rolled_back"; detail: string }
  | { outcome: "pending"; detail: string };

/** A failover drill's block of one link's probe replies, lifted by the device itself after `expiresAfterSec`. */
export type ProbeBlock = {
  link: string;
  /** Set on the device with the block, so a dashboard that stops mid-drill never leaves the link blocked. */
  expiresAfterSec: number;
};

/** When the block took effect by the device's own clock (ms since the epoch), where the device says it finely. */
export type ProbeBlocked = { deviceAtMs: number | null };

export type DeviceDriver = {
  readonly kind: DeviceKind;
  /** Connects, authenticates, reads identity. Never throws for device-side failures: they are results. */
  checkConnection: (options: ConnectionOptions) => Promise<ConnectionCheck>;
  /** What the device is and has. Throws DeviceFailure when it cannot be reached. */
  inspect: () => Promise<DeviceInspection>;
  /** Pure: the intent in this device's terms, for the capabilities inspection found (or none, offline preview). */
  compile: (intent: Intent, capabilities: Capabilities | null, options: CompileOptions) => CompiledPlan;
  /**
   * Pure: what pushing `plan` would add, change and remove on the device as `inspection` (this driver's own) found
   * it, from the same comparison the push makes. Null when the inspection holds no vendor details to compare with.
   */
  changes: (plan: DevicePlan, inspection: DeviceInspection) => DeviceChanges | null;
  push: (plan: DevicePlan, inspection: DeviceInspection, options: PushOptions) => Promise<PushOutcome>;
  /**
   * What the device does with the plan now; `appliedHash` is what the push that left it recorded (a device whose
   * own fingerprint differs has drifted). Throws DeviceFailure when it cannot be reached.
   */
  read: (plan: DevicePlan, appliedHash: string | null) => Promise<DeviceReading>;
  /**
   * Asks the device how a push the dashboard lost ended (its rollback job, armed files, recorded outcome, what it
   * runs). `plan` null: the push was a removal (`remove`), whose plan is "nothing of Waymark's".
   */
  settle: (plan: DevicePlan | null, pushId: string) => Promise<SettledPush>;
  /**
   * Zeroes the packet and byte counters of Waymark's rules (never the admin's own) and says how many it zeroed.
   * Throws DeviceFailure when the device cannot be reached.
   */
  resetCounters: () => Promise<{ reset: number }>;
  /** Removes every object Waymark created on the device, with the same gate and rollback as a push. */
  remove: (inspection: DeviceInspection, options: PushOptions) => Promise<PushOutcome>;
  /**
   * Failover drill: drops the replies to one link's health probes where they arrive on the device, so the device's
   * own detection sees the link fail; the device lifts the block itself once `expiresAfterSec` has passed.
   */
  blockProbes: (plan: DevicePlan, block: ProbeBlock) => Promise<ProbeBlocked>;
  /** Lifts a drill's block and its expiry now; nothing to lift is not an error. */
  restoreProbes: (plan: DevicePlan) => Promise<void>;
  /**
   * The monitor's view of the device: one kept-open session (RouterOS: one login; Linux: one SSH connection) that
   * `poll` reuses, reconnecting when it was lost. Opening connects nothing; the first poll does.
   */
  watch: (plan: DevicePlan, appliedHash: string | null, options: WatchOptions) => DeviceWatch;
  /**
   * Site membership (domain/site): puts one member plan on the device with the same safety as `push` (validate,
   * arm a device-side rollback, apply, gate over a new session, confirm or roll back). A device that cannot take
   * the role (a RouterOS router; a host without BIRD) answers `refused` with the reason, changing nothing.
   */
  applyMember: (plan: MemberPlan, options: MemberPushOptions) => Promise<PushOutcome>;
  /** Takes the member plan's objects off the device (table, daemon, BIRD configuration), with the same gate. */
  removeMember: (plan: MemberPlan, options: MemberPushOptions) => Promise<PushOutcome>;
  /** What the member does now. Throws DeviceFailure when it cannot be reached. */
  readMember: (plan: MemberPlan, appliedHash: string | null) => Promise<MemberReading>;
  /** The monitor's view of a member: one kept session, one read command per poll. */
  watchMember: (plan: MemberPlan, appliedHash: string | null, options: WatchOptions) => MemberWatch;
};

export type MemberPushOptions = {
  pushId: string;
  planHash: string;
  /** What the last confirmed push of this member left on the device, to tell an unchanged push. */
  lastAppliedHash: string | null;
  confirmWindowSec: number;
  onProgress: PushProgress;
};

export type MemberWatch = {
  poll: () => Promise<MemberReading>;
  cost: () => WatchCost;
  close: () => Promise<void>;
};

export type WatchOptions = {
  /** How often the monitor will poll; a device that streams (Linux) reports at this pace. */
  intervalMs: number;
};

/** What watching has cost the device so far, as the device sees it: the benchmark's and the tests' measure. */
export type WatchCost = {
  /** Sessions opened and logged in (one, unless the session was lost). */
  logins: number;
  /** Commands (RouterOS sentences sent, Linux execs started). */
  commands: number;
  /** Bytes the device sent and received on the watch's session(s). */
  bytesFromDevice: number;
  bytesToDevice: number;
};

export type DeviceWatch = {
  /**
   * One reading over the kept session: counters every time, the configuration only when the device says it changed.
   * Never more than two commands in flight. Throws DeviceFailure when the device cannot be reached or refuses.
   */
  poll: () => Promise<DeviceReading>;
  cost: () => WatchCost;
  /** Ends the session; a poll after close reconnects. */
  close: () => Promise<void>;
};
