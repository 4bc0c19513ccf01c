import { describe, expect, it } from 'vitest';
import { userKubeconfig } from '@/lib/domain/user-kubeconfig';

const target = { cluster: { name: 'prod', server: 'https://api.prod:6443', caPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }, namespace: 'team-a', username: 'mmosley' };
type Config = { clusters: { cluster: Record<string, string> }[]; users: { name: string; user: { token?: string; exec?: { command: string; args: string[]; apiVersion: string } } }[]; contexts: { name: string; context: { namespace: string; user: string } }[]; 'current-context': string };

describe('the kubeconfig Berth hands out', () => {
  it('with a token: the namespace is the default context, the CA embedded, the token as given', () => {
    const c = userKubeconfig(target, { kind: 'token', token: 'eyJ.x.y' }) as Config;
    expect(c['current-context']).toBe('team-a@prod');
    expect(c.contexts[0]!.context).toMatchObject({ namespace: 'team-a', user: 'mmosley@prod' });
    expect(Buffer.from(c.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString()).toContain('BEGIN CERTIFICATE');
    expect(c.users).toEqual([{ name: 'mmosley@prod', user: { token: 'eyJ.x.y' } }]);
  });

  it('with exec plugins: berth token by default, kubelogin as a second context, no secret inside', () => {
    const c = userKubeconfig(target, { kind: 'exec', berthUrl: 'https://berth.example', issuerUrl: 'https://berth.example/oidc' }) as Config;
    expect(c.users[0]!.user.exec).toMatchObject({ apiVersion: 'client.authentication.k8s.io/v1', command: 'berth', args: ['token', '--server', 'https://berth.example', '--cluster', 'prod'] });
    expect(c.users[1]!.user.exec!.args).toEqual(expect.arrayContaining(['oidc-login', 'get-token', '--oidc-issuer-url=https://berth.example/oidc', '--oidc-client-id=cluster-prod', '--oidc-extra-scope=groups']));
    expect(c.contexts.map((x) => x.name)).toEqual(['team-a@prod', 'team-a@prod-oidc-login']);
    expect(JSON.stringify(c)).not.toContain('"token":');
  });

  it('without a CA the system trust store is used', () => {
    const c = userKubeconfig({ ...target, cluster: { ...target.cluster, caPem: null } }, { kind: 'token', token: 't' }) as Config;
    expect(c.clusters[0]!.cluster).toEqual({ server: 'https://api.prod:6443' });
  });
});
