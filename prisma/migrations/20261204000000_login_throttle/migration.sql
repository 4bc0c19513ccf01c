-- Sign-in throttling: failed password sign-ins counted per username at an address, per
-- username and per address, in one table every web replica shares.
CREATE TYPE "LoginThrottleScope" AS ENUM ('USER_ADDRESS', 'USER', 'ADDRESS');

CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "scope" "LoginThrottleScope" NOT NULL,
    "username" TEXT,
    "address" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartedAt" TIMESTAMPTZ(3),
    "lastFailureAt" TIMESTAMPTZ(3),
    "blockedUntil" TIMESTAMPTZ(3),
    "lockedAt" TIMESTAMPTZ(3),
    "pending" INTEGER NOT NULL DEFAULT 0,
    "pendingUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "LoginThrottle_updatedAt_idx" ON "LoginThrottle"("updatedAt");
CREATE INDEX "LoginThrottle_blockedUntil_idx" ON "LoginThrottle"("blockedUntil");
