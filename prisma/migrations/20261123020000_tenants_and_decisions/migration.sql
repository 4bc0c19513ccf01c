-- CreateEnum
CREATE TYPE "TenantType" AS ENUM ('NAMESPACE', 'VCLUSTER');

-- CreateEnum
CREATE TYPE "TenantPhase" AS ENUM ('PENDING_APPROVAL', 'PROVISIONING', 'READY', 'FAILED', 'DELETING', 'DELETED');

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "namespaces" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "role" TEXT,
ADD COLUMN     "tenantId" UUID;

-- AlterTable
ALTER TABLE "Request" ADD COLUMN     "decidedAt" TIMESTAMPTZ(3),
ADD COLUMN     "onBehalfOfId" UUID,
ADD COLUMN     "policy" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "tenantId" UUID;

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "approverId" UUID NOT NULL,
    "approve" BOOLEAN NOT NULL,
    "justification" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "type" "TenantType" NOT NULL,
    "template" TEXT NOT NULL,
    "templateVersion" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "adminGroups" TEXT[],
    "viewGroups" TEXT[],
    "manifest" JSONB NOT NULL,
    "phase" "TenantPhase" NOT NULL DEFAULT 'PENDING_APPROVAL',
    "statusMessage" TEXT,
    "activeKey" TEXT,
    "ownerId" UUID NOT NULL,
    "readyAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Decision_requestId_approverId_key" ON "Decision"("requestId", "approverId");

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_activeKey_key" ON "Tenant"("activeKey");

-- CreateIndex
CREATE INDEX "Tenant_ownerId_idx" ON "Tenant"("ownerId");

-- CreateIndex
CREATE INDEX "Tenant_clusterId_phase_idx" ON "Tenant"("clusterId", "phase");

-- CreateIndex
CREATE INDEX "Group_tenantId_idx" ON "Group"("tenantId");

-- CreateIndex
CREATE INDEX "Request_tenantId_idx" ON "Request"("tenantId");

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_onBehalfOfId_fkey" FOREIGN KEY ("onBehalfOfId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Request" ADD CONSTRAINT "Request_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_approverId_fkey" FOREIGN KEY ("approverId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tenant" ADD CONSTRAINT "Tenant_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tenant" ADD CONSTRAINT "Tenant_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
