-- CreateTable
CREATE TABLE "PolicyRevision" (
    "deviceId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "intent" TEXT NOT NULL,
    "targetOptions" TEXT NOT NULL DEFAULT '{}',
    "savedBy" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "PolicyRevision_pkey" PRIMARY KEY ("deviceId","revision")
);

-- CreateIndex
CREATE INDEX "PolicyRevision_savedAt_idx" ON "PolicyRevision"("savedAt");

-- AddForeignKey
ALTER TABLE "PolicyRevision" ADD CONSTRAINT "PolicyRevision_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Policies saved before revisions were kept: their current intent becomes their first recorded revision.
INSERT INTO "PolicyRevision" ("deviceId", "revision", "intent", "targetOptions", "savedBy", "savedAt", "reason")
SELECT "deviceId", "revision", "intent", "targetOptions", "updatedBy", "updatedAt", '' FROM "DevicePolicy";
