-- The access reports: memberships newest first (Berth's groups apart from directory groups),
-- access changes by action and time, request history newest first (docs/reports.md).
CREATE INDEX "Membership_source_createdAt_id_idx" ON "Membership"("source", "createdAt", "id");
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");
CREATE INDEX "Request_createdAt_idx" ON "Request"("createdAt");
