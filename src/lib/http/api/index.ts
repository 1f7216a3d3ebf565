import type { EndpointSpec } from "../endpoint";
import * as admin from "./admin";
import * as auth from "./auth";
import * as devices from "./devices";
import * as policies from "./policies";
import * as wizard from "./wizard";

export { admin, auth, devices, policies, wizard };

export const ENDPOINTS: EndpointSpec[] = [
  ...Object.values(auth),
  ...Object.values(devices),
  ...Object.values(policies),
  ...Object.values(wizard),
  ...Object.values(admin),
];
