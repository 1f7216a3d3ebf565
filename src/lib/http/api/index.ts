import type { EndpointSpec } from "../endpoint";
import * as admin from "./admin";
import * as alerts from "./alerts";
import * as auth from "./auth";
import * as counters from "./counters";
import * as devices from "./devices";
import * as drills from "./drills";
import * as history from "./history";
import * as metrics from "./metrics";
import * as monitoring from "./monitoring";
import * as policies from "./policies";
import * as pools from "./pools";
import * as sites from "./sites";
import * as trends from "./trends";
import * as wizard from "./wizard";

export { admin, alerts, auth, counters, devices, drills, history, metrics, monitoring, policies, pools, sites, trends, wizard };

export const ENDPOINTS: EndpointSpec[] = [
  ...Object.values(auth),
  ...Object.values(devices),
  ...Object.values(policies),
  ...Object.values(wizard),
  ...Object.values(counters),
  ...Object.values(pools),
  ...Object.values(drills),
  ...Object.values(history),
  ...Object.values(monitoring),
  ...Object.values(trends),
  ...Object.values(metrics),
  ...Object.values(alerts),
  ...Object.values(sites),
  ...Object.values(admin),
];
