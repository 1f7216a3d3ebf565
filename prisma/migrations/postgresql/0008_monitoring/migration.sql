-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "monitored" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "pollIntervalSec" INTEGER NOT NULL DEFAULT 2;

-- CreateTable
CREATE TABLE "PollLease" (
    "deviceId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollLease_pkey" PRIMARY KEY ("deviceId")
);

-- CreateTable
CREATE TABLE "MonitorSample" (
    "id" SERIAL NOT NULL,
    "deviceId" TEXT NOT NULL,
    "atMs" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "MonitorSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SampleBlock" (
    "deviceId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "startMs" BIGINT NOT NULL,
    "endMs" BIGINT NOT NULL,
    "points" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SampleBlock_pkey" PRIMARY KEY ("deviceId","resolution","startMs")
);

-- CreateTable
CREATE TABLE "StateEvent" (
    "id" SERIAL NOT NULL,
    "deviceId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "previous" TEXT,
    "atMs" BIGINT NOT NULL,
    "lossPercent" DOUBLE PRECISION,
    "rttMs" DOUBLE PRECISION,
    "detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "StateEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PollLease_instanceId_idx" ON "PollLease"("instanceId");

-- CreateIndex
CREATE INDEX "PollLease_expiresAt_idx" ON "PollLease"("expiresAt");

-- CreateIndex
CREATE INDEX "MonitorSample_deviceId_atMs_idx" ON "MonitorSample"("deviceId", "atMs");

-- CreateIndex
CREATE INDEX "SampleBlock_resolution_startMs_idx" ON "SampleBlock"("resolution", "startMs");

-- CreateIndex
CREATE INDEX "StateEvent_deviceId_atMs_idx" ON "StateEvent"("deviceId", "atMs");

-- CreateIndex
CREATE INDEX "StateEvent_atMs_idx" ON "StateEvent"("atMs");

-- AddForeignKey
ALTER TABLE "PollLease" ADD CONSTRAINT "PollLease_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitorSample" ADD CONSTRAINT "MonitorSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SampleBlock" ADD CONSTRAINT "SampleBlock_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StateEvent" ADD CONSTRAINT "StateEvent_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
