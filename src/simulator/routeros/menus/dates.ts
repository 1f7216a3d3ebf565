import { isAtLeast, type SimulatedDevice } from "../device";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const pad = (value: number) => String(value).padStart(2, "0");

// Dates switched from "jul/14/2023 19:13:29" to ISO "2023-07-14 19:24:07" in 7.10 (reference §1.8).
export const formatRouterDate = (device: SimulatedDevice, date: Date): string => {
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (isAtLeast(device, "7.10")) return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
  return `${MONTHS[date.getMonth()]}/${pad(date.getDate())}/${date.getFullYear()} ${time}`;
};
