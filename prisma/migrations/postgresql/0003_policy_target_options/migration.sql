-- AlterTable
ALTER TABLE "DevicePolicy" ADD COLUMN     "targetOptions" TEXT NOT NULL DEFAULT '{}';
