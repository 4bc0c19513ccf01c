-- CreateEnum
CREATE TYPE "ClusterAuth" AS ENUM ('IN_CLUSTER', 'KUBECONFIG', 'TOKEN');

-- CreateEnum
CREATE TYPE "ProvisioningTarget" AS ENUM ('API', 'GIT');

-- CreateEnum
CREATE TYPE "ClusterHealth" AS ENUM ('UNKNOWN', 'HEALTHY', 'DEGRADED', 'UNREACHABLE');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Cluster" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "apiServerUrl" TEXT,
    "caData" TEXT,
    "authMode" "ClusterAuth" NOT NULL,
    "credentials" TEXT,
    "dashboardUrlTemplate" TEXT,
    "provisioningTarget" "ProvisioningTarget" NOT NULL DEFAULT 'API',
    "health" "ClusterHealth" NOT NULL DEFAULT 'UNKNOWN',
    "healthMessage" TEXT,
    "serverVersion" TEXT,
    "missingPermissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "checkedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotencyKey" TEXT,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedAt" TIMESTAMPTZ(3),
    "lockedBy" TEXT,
    "lastError" TEXT,
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");
