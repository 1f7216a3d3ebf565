-- AlterTable
ALTER TABLE "Push" ADD COLUMN     "revision" INTEGER;

-- CreateTable
CREATE TABLE "DeviceLock" (
    "deviceId" TEXT NOT NULL,
    "pushId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeviceLock_pkey" PRIMARY KEY ("deviceId")
);

-- AddForeignKey
ALTER TABLE "DeviceLock" ADD CONSTRAINT "DeviceLock_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
