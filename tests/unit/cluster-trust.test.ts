// The API server trust snippet: the shape structured authentication configuration v1 takes, the
// berth: prefix on every identity (so no token can name a system: user or group), one audience
// per cluster, and the same config the test control plane's launcher writes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TRUST_CONFIG_FLAG, trustConfig } from '@/lib/domain/cluster-trust';
import { clusterClientId, kubeGroup, KUBE_IDENTITY_PREFIX } from '@/lib/domain/issuer';
import { formatTrustConfig } from '@/lib/templates/format-trust-config';

const ISSUER = 'https://berth.example.com/oidc';
const PEM = '-----BEGIN CERTIFICATE-----\r\nMIIBhjCCASugAwIBAgIU\r\n-----END CERTIFICATE-----\r\n';

/** What the API server makes of a claim value with a mapping `{ claim, prefix }`. */
const mapped = (m: { prefix: string }, value: string) => `${m.prefix}${value}`;

describe('trustConfig', () => {
  const c = trustConfig({ issuerUrl: ISSUER, clusterName: 'prod-eu' });
  const jwt = c.jwt[0];

  it('is one JWT authenticator in apiserver.config.k8s.io/v1', () => {
    expect(c).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      jwt: [
        {
          issuer: { url: ISSUER, audiences: ['cluster-prod-eu'] },
          claimMappings: {
            username: { claim: 'preferred_username', prefix: 'berth:' },
            groups: { claim: 'groups', prefix: 'berth:' },
            uid: { claim: 'sub' },
          },
          userValidationRules: [
            { expression: "!user.username.startsWith('system:')", message: 'username may not use the reserved system: prefix' },
            { expression: "user.groups.all(group, !group.startsWith('system:'))", message: 'groups may not use the reserved system: prefix' },
          ],
        },
      ],
    });
    expect(jwt.issuer).not.toHaveProperty('audienceMatchPolicy');
    expect(TRUST_CONFIG_FLAG).toBe('--authentication-config=/etc/kubernetes/berth-auth.yaml');
  });

  it('prefixes usernames and groups the way RoleBindings name them', () => {
    expect(jwt.claimMappings.username.prefix).toBe(KUBE_IDENTITY_PREFIX);
    expect(jwt.claimMappings.groups.prefix).toBe(KUBE_IDENTITY_PREFIX);
    for (const g of ['team-a-devs', 'Payments Team', 'berth-dev-payments-admins']) expect(mapped(jwt.claimMappings.groups, g)).toBe(kubeGroup(g));
  });

  it('can never yield a system: user or group, whatever the token claims', () => {
    expect(KUBE_IDENTITY_PREFIX.startsWith('system:')).toBe(false);
    expect(KUBE_IDENTITY_PREFIX.length).toBeGreaterThan(0);
    for (const v of ['system:masters', 'system:admin', 'system:serviceaccount:kube-system:default', 'system:', '', ':system:masters']) {
      expect(mapped(jwt.claimMappings.username, v).startsWith('system:')).toBe(false);
      expect(mapped(jwt.claimMappings.groups, v).startsWith('system:')).toBe(false);
    }
    expect(jwt.userValidationRules.map((r) => r.expression).join(' ')).toMatch(/username\.startsWith\('system:'\).*groups\.all\(group, !group\.startsWith\('system:'\)\)/);
  });

  it('accepts only tokens minted for this one cluster', () => {
    const other = trustConfig({ issuerUrl: ISSUER, clusterName: 'dev' });
    expect(other.jwt[0].issuer.audiences).toEqual([clusterClientId('dev')]);
    expect(other.jwt[0].issuer.audiences).not.toEqual(jwt.issuer.audiences);
  });

  it('inlines the issuer CA as PEM text, normalised to LF with one final newline', () => {
    const withCa = trustConfig({ issuerUrl: ISSUER, caPem: PEM, clusterName: 'dev' });
    expect(withCa.jwt[0].issuer.certificateAuthority).toBe('-----BEGIN CERTIFICATE-----\nMIIBhjCCASugAwIBAgIU\n-----END CERTIFICATE-----\n');
    expect(trustConfig({ issuerUrl: ISSUER, caPem: '  \n', clusterName: 'dev' }).jwt[0].issuer).not.toHaveProperty('certificateAuthority');
  });
});

describe('formatTrustConfig', () => {
  it('is YAML that reads back as the same object, the CA as a literal block', () => {
    const c = trustConfig({ issuerUrl: ISSUER, caPem: PEM, clusterName: 'dev' });
    const text = formatTrustConfig(c);
    expect(parse(text)).toEqual(c);
    expect(text).toMatch(/^# Save as \/etc\/kubernetes\/berth-auth\.yaml/);
    expect(text).toContain('      certificateAuthority: |\n        -----BEGIN CERTIFICATE-----\n        MIIBhjCCASugAwIBAgIU\n');
    expect(text).toContain('prefix: "berth:"');
  });
});

describe('the test control plane trusts Berth the same way', () => {
  // Runs launch.sh's own config writer (no cluster is started) and compares the result.
  function launcherConfig(env: Record<string, string>): unknown {
    const launch = readFileSync('scripts/kube-testenv/launch.sh', 'utf8');
    const fn = (name: string) => {
      const m = new RegExp(`^${name}\\(\\) \\{[\\s\\S]*?^\\}$`, 'm').exec(launch);
      if (!m) throw new Error(`launch.sh has no ${name}()`);
      return m[0];
    };
    const script = ['set -euo pipefail', 'die() { echo "$*" >&2; exit 1; }', fn('yq_str'), fn('authn_config'), 'authn_config'].join('\n');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { env: { ...env, PATH: process.env.PATH, NODE_ENV: 'test' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`authn_config failed: ${r.stderr}`);
    return parse(r.stdout);
  }

  it('for one cluster, with and without a CA', () => {
    expect(launcherConfig({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCES: 'cluster-dev', OIDC_CA_FILE: '' })).toEqual(trustConfig({ issuerUrl: ISSUER, clusterName: 'dev' }));
    expect(launcherConfig({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCES: 'cluster-dev', OIDC_CA_FILE: 'tests/unit/__golden__/trust-ca.pem' })).toEqual(
      trustConfig({ issuerUrl: ISSUER, clusterName: 'dev', caPem: readFileSync('tests/unit/__golden__/trust-ca.pem', 'utf8') }),
    );
  });

  it('with several audiences it adds audienceMatchPolicy MatchAny', () => {
    const c = launcherConfig({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCES: ' cluster-a, cluster-b ,', OIDC_CA_FILE: '' }) as ReturnType<typeof trustConfig>;
    expect(c.jwt[0].issuer).toEqual({ url: ISSUER, audiences: ['cluster-a', 'cluster-b'], audienceMatchPolicy: 'MatchAny' });
  });
});
