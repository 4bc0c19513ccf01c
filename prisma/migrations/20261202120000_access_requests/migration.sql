-- Access requests: time-bound memberships are warned once before they end, and the expiry
-- sweep finds them by their end.
ALTER TABLE "Membership" ADD COLUMN "expiryWarnedAt" TIMESTAMPTZ(3);
CREATE INDEX "Membership_expiresAt_idx" ON "Membership"("expiresAt");
