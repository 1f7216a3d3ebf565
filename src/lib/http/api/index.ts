import type { EndpointSpec } from "../endpoint";
import * as admin from "./admin";
import * as auth from "./auth";
import * as devices from "./devices";

export { admin, auth, devices };

export const ENDPOINTS: EndpointSpec[] = [...Object.values(auth), ...Object.values(devices), ...Object.values(admin)];
