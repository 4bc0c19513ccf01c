-- Tenant jobs now carry the request they carry out, and the expiry sweep its period (see
-- lib/domain/jobs.ts). Jobs queued before this change get theirs, so none fails its payload check.
UPDATE "Job" j
SET "payload" = j."payload" || jsonb_build_object('requestId', r."id")
FROM "Request" r
WHERE j."kind" IN ('tenant.provision', 'tenant.delete')
  AND j."status" IN ('QUEUED', 'RUNNING')
  AND NOT (j."payload" ? 'requestId')
  AND r."tenantId"::text = j."payload"->>'tenantId'
  AND r."kind" = (CASE WHEN j."kind" = 'tenant.provision' THEN 'NEW_TENANT' ELSE 'DELETE_TENANT' END)::"RequestKind"
  AND r."status" = 'APPROVED';

UPDATE "Job"
SET "payload" = jsonb_build_object('period', 0)
WHERE "kind" = 'requests.expire' AND "status" IN ('QUEUED', 'RUNNING') AND NOT ("payload" ? 'period');
