-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "intent" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteMember" (
    "siteId" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "appliedPlan" TEXT,
    "appliedHash" TEXT,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "SiteMember_pkey" PRIMARY KEY ("siteId","deviceId")
);

-- CreateTable
CREATE TABLE "SitePush" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SitePush_pkey" PRIMARY KEY ("id")
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
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SiteMemberPush_pkey" PRIMARY KEY ("sitePushId","deviceId")
);

-- CreateTable
CREATE TABLE "SitePollLease" (
    "siteId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SitePollLease_pkey" PRIMARY KEY ("siteId")
);

-- CreateTable
CREATE TABLE "SiteSample" (
    "id" SERIAL NOT NULL,
    "siteId" TEXT NOT NULL,
    "atMs" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SiteSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteSampleBlock" (
    "siteId" TEXT NOT NULL,
    "resolution" INTEGER NOT NULL,
    "startMs" BIGINT NOT NULL,
    "endMs" BIGINT NOT NULL,
    "points" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "SiteSampleBlock_pkey" PRIMARY KEY ("siteId","resolution","startMs")
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

-- AddForeignKey
ALTER TABLE "SiteMember" ADD CONSTRAINT "SiteMember_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteMember" ADD CONSTRAINT "SiteMember_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SitePush" ADD CONSTRAINT "SitePush_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteMemberPush" ADD CONSTRAINT "SiteMemberPush_sitePushId_fkey" FOREIGN KEY ("sitePushId") REFERENCES "SitePush"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SitePollLease" ADD CONSTRAINT "SitePollLease_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteSample" ADD CONSTRAINT "SiteSample_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteSampleBlock" ADD CONSTRAINT "SiteSampleBlock_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE CASCADE ON UPDATE CASCADE;
