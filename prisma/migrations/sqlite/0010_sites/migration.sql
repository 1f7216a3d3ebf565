-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "intent" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SiteMember" (
    "siteId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "appliedPlan" TEXT,
    "appliedHash" TEXT,
    "confirmedAt" DATETIME,

    PRIMARY KEY ("siteId", "deviceId"),
    CONSTRAINT "SiteMember_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SiteMember_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SitePush" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "siteId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "SitePush_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteMemberPush" (
    "sitePushId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "planHash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "steps" TEXT NOT NULL DEFAULT '[]',
    "startedAt" DATETIME,
    "finishedAt" DATETIME,

    PRIMARY KEY ("sitePushId", "deviceId"),
    CONSTRAINT "SiteMemberPush_sitePushId_fkey" FOREIGN KEY ("sitePushId") REFERENCES "SitePush" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SitePollLease" (
    "siteId" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "renewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SitePollLease_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "siteId" TEXT NOT NULL,
    "atMs" BIGINT NOT NULL,
    "data" BLOB NOT NULL,
    CONSTRAINT "SiteSample_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteSampleBlock" (
    "siteId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "startMs" BIGINT NOT NULL,
    "endMs" BIGINT NOT NULL,
    "points" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("siteId", "resolution", "startMs"),
    CONSTRAINT "SiteSampleBlock_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Site_name_key" ON "Site"("name");

-- CreateIndex
CREATE INDEX "SiteMember_deviceId_idx" ON "SiteMember"("deviceId");

-- CreateIndex
CREATE INDEX "SitePush_siteId_startedAt_idx" ON "SitePush"("siteId", "startedAt");

-- CreateIndex
CREATE INDEX "SitePollLease_expiresAt_idx" ON "SitePollLease"("expiresAt");

-- CreateIndex
CREATE INDEX "SiteSample_siteId_atMs_idx" ON "SiteSample"("siteId", "atMs");

-- CreateIndex
CREATE INDEX "SiteSampleBlock_resolution_startMs_idx" ON "SiteSampleBlock"("resolution", "startMs");
