import "server-only";
import { db } from "@/lib/db/client";
import { defaultInstanceId } from "../lease";
import { addPollObserver } from "../observers";
import { addSiteObserver } from "../sites/site-observers";
import { startDeliveryWorker } from "./delivery-worker";
import { alertObserver } from "./observer";
import { siteAlertObserver } from "./site-observer";

// The alerts' part of the monitor: the engine observes this instance's polls (devices' and sites'), and the delivery worker sends what
// is due (every instance runs one; each delivery is claimed, so it goes once). Once per process (globalThis).

const KEY = Symbol.for("waymark.alerts");

export function startAlerts(): void {
  const holder = globalThis as { [KEY]?: boolean };
  if (holder[KEY]) return;
  holder[KEY] = true;
  addPollObserver(alertObserver(db()));
  addSiteObserver(siteAlertObserver(db()));
  startDeliveryWorker(db(), defaultInstanceId());
}
