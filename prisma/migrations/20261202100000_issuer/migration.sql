-- Berth's OpenID issuer: the provider's stored models and the signing keys.
CREATE TABLE "OidcPayload" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "consumedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcPayload_pkey" PRIMARY KEY ("model","id")
);

CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");
CREATE INDEX "OidcPayload_userCode_idx" ON "OidcPayload"("userCode");
CREATE INDEX "OidcPayload_uid_idx" ON "OidcPayload"("uid");
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

CREATE TABLE "IssuerKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),
    "publishUntil" TIMESTAMPTZ(3),

    CONSTRAINT "IssuerKey_pkey" PRIMARY KEY ("kid")
);
