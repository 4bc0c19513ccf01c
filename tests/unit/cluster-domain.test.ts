import { describe, expect, it } from 'vitest';
import { dashboardUrl, formatLabels, parseLabels } from '@/lib/domain/cluster';
import { keyId, open, parseKey, seal, SecretBoxError } from '@/lib/crypto/secret-box';

describe('cluster labels', () => {
  it('parse key=value lines, with DNS-prefixed keys and empty values', () => {
    expect(parseLabels('env=prod\n  topology.kubernetes.io/region = eu \nempty=\n')).toEqual({ labels: { env: 'prod', 'topology.kubernetes.io/region': 'eu', empty: '' } });
    expect(formatLabels({ a: '1', b: '2' })).toBe('a=1\nb=2');
  });
  it.each([
    ['env', 'must look like key=value'],
    ['-bad=1', 'not a valid label key'],
    ['k=' + 'v'.repeat(64), 'not a valid label value'],
    ['a=1\na=2', 'appears twice'],
  ])('refuses %j naming the problem', (text, message) => {
    expect((parseLabels(text) as { error: string }).error).toContain(message);
  });
});

describe('dashboard links', () => {
  it('fill and encode the placeholders', () => {
    expect(dashboardUrl('https://d/{cluster}/ns/{namespace}', 'dev', 'team a')).toBe('https://d/dev/ns/team%20a');
    expect(dashboardUrl(null, 'dev', 'x')).toBeNull();
  });
});

describe('secret box (AES-256-GCM)', () => {
  const key = parseKey(Buffer.alloc(32, 1).toString('base64'));
  it('round-trips and never repeats a ciphertext', () => {
    const a = seal(key, 'token-123');
    expect(a).not.toContain('token-123');
    expect(seal(key, 'token-123')).not.toBe(a);
    expect(open(key, a)).toBe('token-123');
  });
  it('names a wrong key and detects tampering', () => {
    const sealed = seal(key, 'token-123');
    const other = parseKey(Buffer.alloc(32, 2).toString('base64'));
    expect(() => open(other, sealed)).toThrow(`sealed with another key (${keyId(key)})`);
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered!').toString('base64url');
    expect(() => open(key, parts.join('.'))).toThrow(SecretBoxError);
    expect(() => parseKey('c2hvcnQ=')).toThrow('32 bytes');
  });
});
