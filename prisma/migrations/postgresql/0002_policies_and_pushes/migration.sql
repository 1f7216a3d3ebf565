-- CreateTable
CREATE TABLE "DevicePolicy" (
    "deviceId" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "DevicePolicy_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "Push" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "planHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "steps" TEXT NOT NULL DEFAULT '[]',
    "reason" TEXT NOT NULL DEFAULT '',
    "error" TEXT,
    "appliedHash" TEXT,
    "actorName" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Push_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Push_deviceId_startedAt_idx" ON "Push"("deviceId", "startedAt");

-- AddForeignKey
ALTER TABLE "DevicePolicy" ADD CONSTRAINT "DevicePolicy_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Push" ADD CONSTRAINT "Push_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
