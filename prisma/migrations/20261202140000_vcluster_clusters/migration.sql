-- A tenant's virtual cluster is registered as a Cluster of kind VCLUSTER, with its host and tenant.
CREATE TYPE "ClusterKind" AS ENUM ('HOST', 'VCLUSTER');
ALTER TABLE "Cluster" ADD COLUMN "kind" "ClusterKind" NOT NULL DEFAULT 'HOST';
ALTER TABLE "Cluster" ADD COLUMN "parentClusterId" UUID;
ALTER TABLE "Cluster" ADD COLUMN "tenantId" UUID;
CREATE UNIQUE INDEX "Cluster_tenantId_key" ON "Cluster"("tenantId");
