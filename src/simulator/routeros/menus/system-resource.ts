import { isAtLeast, type SimulatedDevice } from "../device";
import { formatDuration } from "../duration";
import { getSettingsValue } from "../commands/get";
import type { MenuDefinition, Row } from "../types";
import { printCommand } from "./print";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (value: number) => String(value).padStart(2, "0");

// Dates switched from "Dec/04/2020 14:19:51" to ISO "2023-07-14 19:24:07" in 7.10 (reference §1.8).
const formatBuildTime = (device: SimulatedDevice, date: Date): string => {
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  if (isAtLeast(device, "7.10")) {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${time}`;
  }

  return `${MONTHS[date.getUTCMonth()]}/${pad(date.getUTCDate())}/${date.getUTCFullYear()} ${time}`;
};

// Property order of the CLI reference (reference §2.7); values mimic the REST sample
// {"architecture-name":"tile","board-name":"CCR1016-12S-1S+","cpu-load":"1","platform":"MikroTik",
//  "uptime":"2d20h12m20s","version":"7.1beta4 (development)", ...}.
export const resourceRow = (device: SimulatedDevice): Row => {
  const hardware = device.hardware;

  return {
    uptime: formatDuration(Date.now() - device.bootedAt),
    version: device.versionLabel,
    "build-time": formatBuildTime(device, hardware.buildTime),
    "free-memory": String(hardware.freeMemory),
    "total-memory": String(hardware.totalMemory),
    cpu: hardware.cpu,
    "cpu-count": String(hardware.cpuCount),
    "cpu-frequency": String(hardware.cpuFrequencyMhz),
    "cpu-load": String(hardware.cpuLoad),
    "free-hdd-space": String(hardware.freeHddSpace),
    "total-hdd-space": String(hardware.totalHddSpace),
    "write-sect-since-reboot": "1207",
    "write-sect-total": "48211",
    "architecture-name": hardware.architectureName,
    "board-name": device.boardName,
    platform: "MikroTik",
  };
};

export const systemResourceMenu: MenuDefinition = {
  path: "system/resource",
  commands: {
    print: printCommand((device) => [resourceRow(device)]),
    get: getSettingsValue(resourceRow, () => false),
  },
};
