// The only reader of process.env. Each part of Berth asks for the slice it needs, so a
// script that only migrates the database does not demand LDAP settings.
import { isIP } from 'node:net';
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const isAddressOrCidr = (v: string) => {
  const [ip, bits, ...rest] = v.split('/');
  const family = isIP(ip ?? '');
  return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
};

const postgresUrl = z
  .string({ error: 'is required: a postgresql:// connection URL' })
  .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgresql:// connection URL');

export const databaseSchema = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

const ldapSchema = z.object({
  LDAP_URL: z.string().regex(/^ldaps?:\/\/.+/, 'must be an ldap:// or ldaps:// URL').optional(),
  LDAP_BIND_DN: z.string().optional(),
  LDAP_BIND_PASSWORD: z.string().optional(),
  LDAP_USER_BASE: z.string().optional(),
  LDAP_USER_FILTER: z.string().includes('{username}', { message: 'must contain {username}' }).default('(&(objectClass=inetOrgPerson)(uid={username}))'),
  LDAP_USERNAME_ATTRIBUTE: z.string().default('uid'),
  LDAP_EMAIL_ATTRIBUTE: z.string().default('mail'),
  LDAP_DISPLAY_NAME_ATTRIBUTE: z.string().default('cn'),
  LDAP_GROUP_MODE: z.enum(['memberOf', 'search']).default('memberOf'),
  LDAP_GROUP_BASE: z.string().optional(),
  LDAP_GROUP_FILTER: z.string().includes('{dn}', { message: 'must contain {dn}' }).default('(&(objectClass=groupOfNames)(member={dn}))'),
  LDAP_GROUP_NAME_ATTRIBUTE: z.string().default('cn'),
  LDAP_DISABLED_FILTER: z.string().regex(/^\(.*\)$/, 'must be an LDAP filter in parentheses').optional(),
  LDAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

const oidcSchema = z.object({
  OIDC_ISSUER: z.url({ error: 'must be the issuer URL of the OIDC provider' }).optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('Single sign-on'),
  OIDC_GROUPS_CLAIM: z.string().default('groups'),
  OIDC_USERNAME_CLAIM: z.string().default('preferred_username'),
});

export const appSchema = databaseSchema
  .extend({
    AUTH_SECRET: z.string({ error: 'is required: a random secret of at least 32 characters' }).min(32, 'must be at least 32 characters'),
    BERTH_URL: z.url({ error: 'must be the public URL of Berth, e.g. https://berth.example.com' }).default('http://localhost:3000'),
    BERTH_DEMO: flag,
    /** Runs the job worker inside the web server (the demo); production runs `npm run worker`. */
    BERTH_WORKER_IN_PROCESS: flag,
    /** Port of the worker's health endpoint (`GET /healthz`), for probes. */
    BERTH_WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
    BERTH_PLATFORM_ADMIN_GROUPS: list.transform((l) => (l.length ? l : ['berth-platform-admins'])),
    BERTH_ENCRYPTION_KEY: z
      .string({ error: 'is required: 32 random bytes, base64 (openssl rand -base64 32)' })
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
    BERTH_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),
    BERTH_DIRECTORY_RECHECK_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
    /** Folder of TenantTemplate YAML files (relative to the working directory or absolute). */
    BERTH_TEMPLATES_DIR: z.string().min(1).default('templates'),
    /** How long provisioning waits for a tenant's objects to be ready before the attempt fails. */
    BERTH_READY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    /** How long deletion waits for a tenant's namespace to be gone before the attempt fails. */
    BERTH_DELETE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    /**
     * Berth's own OpenID issuer (the tokens clusters trust): its public https URL, path
     * included. API servers accept only https issuers.
     */
    BERTH_ISSUER_URL: z
      .url({ error: 'must be the https URL of Berth\'s issuer, e.g. https://berth.example.com/oidc' })
      .refine((v) => v.startsWith('https://'), 'must be an https:// URL (Kubernetes API servers accept only https issuers)')
      .refine((v) => !/[?#]/.test(v) && !v.endsWith('/'), 'must have no query, fragment or trailing slash')
      .default('https://localhost:3443/oidc'),
    /** Port the issuer process listens on (`npm run issuer`). */
    BERTH_ISSUER_PORT: z.coerce.number().int().min(1).max(65_535).default(3443),
    /** PEM files: when both are set the issuer serves https itself; otherwise plain http behind an ingress that ends TLS. */
    BERTH_ISSUER_TLS_CERT_FILE: z.string().min(1).optional(),
    BERTH_ISSUER_TLS_KEY_FILE: z.string().min(1).optional(),
    /** PEM of the CA that signs the issuer's serving certificate, for the API servers' trust snippet; none = the system's. */
    BERTH_ISSUER_CA_FILE: z.string().min(1).optional(),
    /** How often each issuer process re-reads the signing keys (a rotation reaches every replica within this). */
    BERTH_ISSUER_KEY_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
    /** The demo: register this kubeconfig as cluster "demo" once it appears (the control plane starts in the background). */
    BERTH_DEMO_CLUSTER_KUBECONFIG: z.string().min(1).optional(),
    /** Runs the issuer inside the web server's process (the demo). */
    BERTH_ISSUER_IN_PROCESS: flag,
    BERTH_ID_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
    BERTH_REFRESH_IDLE_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(8 * 3600),
    BERTH_REFRESH_MAX_SECONDS: z.coerce.number().int().min(60).max(90 * 86_400).default(12 * 3600),
    /** How long before a time-bound role ends its member is told (once). */
    BERTH_ACCESS_EXPIRY_WARNING_HOURS: z.coerce.number().int().min(0).max(720).default(24),
    /** Sign-in throttling (docs/security.md): failures of one username from one address before waits begin, and before it locks. */
    BERTH_LOGIN_DELAY_AFTER: z.coerce.number().int().min(1).max(1000).default(5),
    BERTH_LOGIN_LOCK_AFTER: z.coerce.number().int().min(2).max(1000).default(10),
    BERTH_LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** Failures of one username from all addresses before it locks everywhere; of one address over all usernames, per hour. */
    BERTH_LOGIN_USER_LOCK_AFTER: z.coerce.number().int().min(3).max(100_000).default(50),
    BERTH_LOGIN_ADDRESS_LOCK_AFTER: z.coerce.number().int().min(2).max(100_000).default(100),
    /** Reverse proxies in front of Berth (addresses or CIDRs): X-Forwarded-For entries they added are skipped to find the client. */
    BERTH_TRUSTED_PROXIES: list.refine((l) => l.every(isAddressOrCidr), 'must be IP addresses or CIDRs, comma-separated (e.g. 10.0.0.0/8,fd00::/8)'),
    SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL').optional(),
    MAIL_FROM: z.string().default('Berth <berth@localhost>'),
  })
  .extend(ldapSchema.shape)
  .extend(oidcSchema.shape)
  .superRefine((e, ctx) => {
    const need = (key: keyof typeof e, why: string) => {
      if (!e[key]) ctx.addIssue({ code: 'custom', path: [key], message: why });
    };
    if (e.LDAP_URL) need('LDAP_USER_BASE', 'is required when LDAP_URL is set: the base DN to search users under');
    if (e.LDAP_URL && e.LDAP_GROUP_MODE === 'search') need('LDAP_GROUP_BASE', 'is required when LDAP_GROUP_MODE=search');
    if (e.OIDC_ISSUER) {
      need('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set');
      need('OIDC_CLIENT_SECRET', 'is required when OIDC_ISSUER is set');
    }
    if (!!e.BERTH_ISSUER_TLS_CERT_FILE !== !!e.BERTH_ISSUER_TLS_KEY_FILE) {
      ctx.addIssue({ code: 'custom', path: [e.BERTH_ISSUER_TLS_CERT_FILE ? 'BERTH_ISSUER_TLS_KEY_FILE' : 'BERTH_ISSUER_TLS_CERT_FILE'], message: 'must be set together with the other BERTH_ISSUER_TLS_* file' });
    }
    if (e.BERTH_REFRESH_IDLE_SECONDS > e.BERTH_REFRESH_MAX_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['BERTH_REFRESH_IDLE_SECONDS'], message: 'must not exceed BERTH_REFRESH_MAX_SECONDS' });
    }
    if (e.BERTH_LOGIN_DELAY_AFTER >= e.BERTH_LOGIN_LOCK_AFTER) {
      ctx.addIssue({ code: 'custom', path: ['BERTH_LOGIN_DELAY_AFTER'], message: 'must be less than BERTH_LOGIN_LOCK_AFTER' });
    }
    if (e.BERTH_LOGIN_USER_LOCK_AFTER <= e.BERTH_LOGIN_LOCK_AFTER) {
      ctx.addIssue({ code: 'custom', path: ['BERTH_LOGIN_USER_LOCK_AFTER'], message: 'must be more than BERTH_LOGIN_LOCK_AFTER (one address locks itself out before it locks the user everywhere)' });
    }
    if (!e.LDAP_URL && !e.OIDC_ISSUER && !e.BERTH_DEMO) {
      ctx.addIssue({ code: 'custom', path: ['LDAP_URL'], message: 'is required: set LDAP_URL or OIDC_ISSUER (or BERTH_DEMO=1 for the built-in demo directory)' });
    }
  });

export type DatabaseEnv = z.infer<typeof databaseSchema>;
export type AppEnv = z.infer<typeof appSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses `source` with `schema`; the error is one line naming the first bad variable. */
export function parseEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
}

let appEnv: AppEnv | undefined;
let dbEnv: DatabaseEnv | undefined;

export function env(): AppEnv {
  return (appEnv ??= parseEnv(appSchema, process.env));
}

/** For entry points: the settings, or the process stops with one line naming the bad variable. */
export function envOrExit(): AppEnv {
  try {
    return env();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

export function databaseEnv(): DatabaseEnv {
  return (dbEnv ??= parseEnv(databaseSchema, process.env));
}

/** The cluster Berth runs in (clusters registered IN_CLUSTER): what the kubelet gives a Pod. */
export const inClusterSchema = z.object({
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  KUBERNETES_SERVICE_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** Folder with the ServiceAccount's token, ca.crt and namespace; tests point it at a copy. */
  BERTH_SERVICE_ACCOUNT_DIR: z.string().min(1).default('/var/run/secrets/kubernetes.io/serviceaccount'),
});

/** Read at each call (cheap, rarely): a KubeConfig for IN_CLUSTER is built once per process. */
export function inClusterEnv(): z.infer<typeof inClusterSchema> {
  return parseEnv(inClusterSchema, process.env);
}

/** Non-secret process facts that tooling needs (never configuration of Berth itself). */
export const runtime = {
  isProduction: process.env.NODE_ENV === 'production',
};
