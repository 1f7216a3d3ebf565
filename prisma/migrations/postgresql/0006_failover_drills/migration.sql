-- CreateTable
CREATE TABLE "FailoverDrill" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "durationS" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '[]',
    "detectionMs" INTEGER,
    "switchMs" INTEGER,
    "recoveryMs" INTEGER,
    "detail" TEXT NOT NULL DEFAULT '',
    "actorName" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "FailoverDrill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FailoverDrill_deviceId_startedAt_idx" ON "FailoverDrill"("deviceId", "startedAt");

-- AddForeignKey
ALTER TABLE "FailoverDrill" ADD CONSTRAINT "FailoverDrill_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
