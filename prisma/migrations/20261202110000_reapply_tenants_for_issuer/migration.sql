-- Tenants stored before Berth became the issuer clusters trust hold RoleBindings that name
-- groups without the `berth:` prefix the API server now puts before every group in Berth's
-- tokens (manifest version 1, no "version" key; see lib/templates/upgrade-manifest.ts). Queue
-- one tenant.reapply job per READY tenant: the worker upgrades its manifest, re-applies it and
-- stores it. Payload, key and attempts are those jobs.reapplyTenant builds (lib/domain/jobs.ts),
-- so running this again, or a tenant also queued by Berth itself, adds nothing. Tenants in other
-- phases are left to provisioning and deletion.
INSERT INTO "Job" ("id", "kind", "payload", "idempotencyKey", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt")
SELECT gen_random_uuid(),
       'tenant.reapply',
       jsonb_build_object('tenantId', t."id"::text),
       'tenant.reapply:' || t."id"::text || ':v2',
       'QUEUED',
       0,
       5,
       CURRENT_TIMESTAMP,
       CURRENT_TIMESTAMP,
       CURRENT_TIMESTAMP
FROM "Tenant" t
WHERE t."phase" = 'READY'
  AND t."manifest" -> 'version' IS NULL
ON CONFLICT ("idempotencyKey") DO NOTHING;
