import { getSettingsValue } from "../commands/get";
import type { MenuDefinition } from "../types";
import { printCommand } from "./print";

// /system identity: one setting, `name` (print → `!re =name=MikroTik`).
export const systemIdentityMenu: MenuDefinition = {
  path: "system/identity",
  commands: {
    print: printCommand((device) => [{ name: device.identity }]),
    get: getSettingsValue(
      (device) => ({ name: device.identity }),
      (name) => name === "name",
    ),
    set: {
      run: ({ device, args }) => {
        const name = args.get("name");
        if (name !== undefined) device.identity = name;
      },
    },
  },
};
