// Pure mapping from RouterOS print rows to Waymark's DeviceIdentity.
// Rows follow the API page https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API:
// one `!re` per item, every value a string.

import type { DeviceIdentity } from "@/lib/devices/driver";

import { RouterOsProtocolError } from "./errors";
import type { RouterOsRow } from "./reply";

// /system/identity/print (https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API), settings menu, one row:
//   !re
//   =name=MikroTik
//   !done
export const parseIdentityName = (rows: readonly RouterOsRow[]): string => {
  const name = rows[0]?.name;
  if (name === undefined) throw new RouterOsProtocolError("/system/identity/print returned no name");

  return name;
};

// /system/resource/print (https://help.mikrotik.com/docs/spaces/ROS/pages/47579160/API), settings menu, one row.
// Real sample (REST page, same property names as the API):
//   {"architecture-name":"tile","board-name":"CCR1016-12S-1S+","build-time":"Dec/04/2020 14:19:51",
//    "cpu":"tilegx","cpu-count":"16","cpu-frequency":"1200","cpu-load":"1","free-hdd-space":"83439616",
//    "free-memory":"1503133696","platform":"MikroTik","total-hdd-space":"134217728",
//    "total-memory":"2046820352","uptime":"2d20h12m20s","version":"7.1beta4 (development)"}
// `board-name` is the model (e.g. "RB5009UPr+S+", "CHR"); `version` keeps its channel suffix.
export const parseResource = (rows: readonly RouterOsRow[]): { model: string; version: string } => {
  const row = rows[0];
  const model = row?.["board-name"];
  const version = row?.version;
  if (model === undefined || version === undefined) {
    throw new RouterOsProtocolError("/system/resource/print returned no board-name or version");
  }

  return { model, version };
};

export const toDeviceIdentity = (identityRows: readonly RouterOsRow[], resourceRows: readonly RouterOsRow[]): DeviceIdentity => ({
  identity: parseIdentityName(identityRows),
  ...parseResource(resourceRows),
});
