export { createDevice } from "./create-device";
export { updateDevice } from "./update-device";
export { deleteDevice } from "./delete-device";
export { listDevices, getDevice } from "./list-devices";
export { checkDeviceConnection, type ConnectionCheckView } from "./check-device-connection";
export { acceptHostKey, AcceptHostKeyInput } from "./accept-host-key";
export { checkNewDevice } from "./check-new-device";
