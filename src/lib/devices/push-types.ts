// A push's vocabulary, shared by the Linux and the RouterOS pushers: named steps reported as they happen, and one
// outcome. The service records both in the push history.
export type PushStep = "inspect" | "compile" | "connect" | "upload" | "check" | "snapshot" | "arm" | "apply" | "gate" | "confirm" | "rollback";
export type StepStatus = "running" | "ok" | "failed" | "skipped";
export type PushProgress = (event: { step: PushStep; status: StepStatus; detail?: string }) => void;

export type PushOutcome =
  | { outcome: "confirmed"; appliedHash: string }
  | { outcome: "unchanged"; appliedHash: string }
  | { outcome: "rolled_back"; reason: string }
  /** Nothing was changed: the device cannot take this push now (another push armed, a plan it cannot run). */
  | { outcome: "refused"; reason: string }
  | { outcome: "failed"; reason: string };

/** Raised to stop a push at a step; `rollback` says whether the gateway had already changed. */
export class PushStepError extends Error {
  constructor(
    readonly step: PushStep,
    message: string,
    readonly rollback: boolean,
  ) {
    super(message);
  }
}

/** Stops a push before anything changed, for a reason that is the device's state, not a fault. */
export class PushRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PushRefusedError";
  }
}
