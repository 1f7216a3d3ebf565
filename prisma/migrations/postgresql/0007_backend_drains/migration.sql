-- CreateTable
CREATE TABLE "BackendDrain" (
    "deviceId" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "actorName" TEXT NOT NULL,
    "pushId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idleSince" TIMESTAMP(3),

    CONSTRAINT "BackendDrain_pkey" PRIMARY KEY ("deviceId","pool","backend")
);

-- AddForeignKey
ALTER TABLE "BackendDrain" ADD CONSTRAINT "BackendDrain_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;
