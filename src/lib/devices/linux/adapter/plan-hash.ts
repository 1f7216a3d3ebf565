import { createHash } from "node:crypto";
import type { LinuxPlan } from "@/lib/domain/compile/linux";

/** The hash the push service gives a plan (sha256 of its JSON), which a confirmed push leaves on the gateway. */
export const planHashOf = (plan: LinuxPlan): string => createHash("sha256").update(JSON.stringify(plan)).digest("hex");
