-- CreateTable
CREATE TABLE "BackendDrain" (
    "deviceId" TEXT NOT NULL,
    "pool" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "actorName" TEXT NOT NULL,
    "pushId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idleSince" DATETIME,

    PRIMARY KEY ("deviceId", "pool", "backend"),
    CONSTRAINT "BackendDrain_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
