-- AlterTable
ALTER TABLE "Push" ADD COLUMN "revision" INTEGER;

-- CreateTable
CREATE TABLE "DeviceLock" (
    "deviceId" TEXT NOT NULL PRIMARY KEY,
    "pushId" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeviceLock_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
