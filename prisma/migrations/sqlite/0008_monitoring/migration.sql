-- CreateTable
CREATE TABLE "PollLease" (
    "deviceId" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "renewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PollLease_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MonitorSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "atMs" BIGINT NOT NULL,
    "data" BLOB NOT NULL,
    CONSTRAINT "MonitorSample_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SampleBlock" (
    "deviceId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "startMs" BIGINT NOT NULL,
    "endMs" BIGINT NOT NULL,
    "points" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("deviceId", "resolution", "startMs"),
    CONSTRAINT "SampleBlock_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StateEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "previous" TEXT,
    "atMs" BIGINT NOT NULL,
    "lossPercent" REAL,
    "rttMs" REAL,
    "detail" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "StateEvent_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "transport" TEXT,
    "username" TEXT NOT NULL,
    "authMethod" TEXT,
    "sealedCredentials" TEXT NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "hostKeyAlgorithm" TEXT,
    "hostKeyFingerprint" TEXT,
    "pendingHostKeyAlgorithm" TEXT,
    "pendingHostKeyFingerprint" TEXT,
    "lastCheckStatus" TEXT,
    "lastCheckMessage" TEXT,
    "lastCheckedAt" DATETIME,
    "identity" TEXT,
    "model" TEXT,
    "version" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "pollIntervalSec" INTEGER NOT NULL DEFAULT 2,
    "monitored" BOOLEAN NOT NULL DEFAULT true
);
INSERT INTO "new_Device" ("authMethod", "comment", "createdAt", "host", "hostKeyAlgorithm", "hostKeyFingerprint", "id", "identity", "kind", "lastCheckMessage", "lastCheckStatus", "lastCheckedAt", "model", "name", "pendingHostKeyAlgorithm", "pendingHostKeyFingerprint", "port", "sealedCredentials", "transport", "updatedAt", "username", "version") SELECT "authMethod", "comment", "createdAt", "host", "hostKeyAlgorithm", "hostKeyFingerprint", "id", "identity", "kind", "lastCheckMessage", "lastCheckStatus", "lastCheckedAt", "model", "name", "pendingHostKeyAlgorithm", "pendingHostKeyFingerprint", "port", "sealedCredentials", "transport", "updatedAt", "username", "version" FROM "Device";
DROP TABLE "Device";
ALTER TABLE "new_Device" RENAME TO "Device";
CREATE UNIQUE INDEX "Device_name_key" ON "Device"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
