-- CreateTable
CREATE TABLE "PolicyRevision" (
    "deviceId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "intent" TEXT NOT NULL,
    "targetOptions" TEXT NOT NULL DEFAULT '{}',
    "savedBy" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("deviceId", "revision"),
    CONSTRAINT "PolicyRevision_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PolicyRevision_savedAt_idx" ON "PolicyRevision"("savedAt");

-- Policies saved before revisions were kept: their current intent becomes their first recorded revision.
INSERT INTO "PolicyRevision" ("deviceId", "revision", "intent", "targetOptions", "savedBy", "savedAt", "reason")
SELECT "deviceId", "revision", "intent", "targetOptions", "updatedBy", "updatedAt", '' FROM "DevicePolicy";
