-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DevicePolicy" (
    "deviceId" TEXT NOT NULL PRIMARY KEY,
    "intent" TEXT NOT NULL,
    "targetOptions" TEXT NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL,
    CONSTRAINT "DevicePolicy_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DevicePolicy" ("deviceId", "intent", "revision", "updatedAt", "updatedBy") SELECT "deviceId", "intent", "revision", "updatedAt", "updatedBy" FROM "DevicePolicy";
DROP TABLE "DevicePolicy";
ALTER TABLE "new_DevicePolicy" RENAME TO "DevicePolicy";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
