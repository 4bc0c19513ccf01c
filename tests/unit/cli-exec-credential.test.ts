import { describe, expect, it } from 'vitest';
import { EXEC_API_V1, execApiVersion, execCredential, rfc3339 } from '@/scripts/cli/exec-credential';

describe('berth token: ExecCredential', () => {
  it('has the shape client-go reads', () => {
    expect(execCredential('jwt.value.sig', '2030-01-02T03:04:05.678Z')).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'jwt.value.sig', expirationTimestamp: '2030-01-02T03:04:05Z' },
    });
  });

  it('writes RFC 3339 UTC with whole seconds, rounded down', () => {
    expect(rfc3339('2030-01-02T03:04:05.999Z')).toBe('2030-01-02T03:04:05Z');
    expect(rfc3339('2030-01-02T05:04:05+02:00')).toBe('2030-01-02T03:04:05Z');
    expect(rfc3339(Date.UTC(2030, 0, 2, 3, 4, 5))).toBe('2030-01-02T03:04:05Z');
    expect(rfc3339(new Date('2030-01-02T03:04:05Z'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(() => rfc3339('soon')).toThrow('Not a time');
  });

  it('answers in the apiVersion kubectl asks for in KUBERNETES_EXEC_INFO', () => {
    expect(execApiVersion(undefined)).toBe(EXEC_API_V1);
    expect(execApiVersion(JSON.stringify({ apiVersion: EXEC_API_V1, kind: 'ExecCredential', spec: { interactive: false } }))).toBe(EXEC_API_V1);
    expect(execApiVersion(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: {} }))).toBe('client.authentication.k8s.io/v1beta1');
    expect(execCredential('t', 0, 'client.authentication.k8s.io/v1beta1').apiVersion).toBe('client.authentication.k8s.io/v1beta1');
  });

  it('refuses an apiVersion it does not speak, and garbage', () => {
    expect(() => execApiVersion(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1alpha1' }))).toThrow(/v1alpha1; berth speaks/);
    expect(() => execApiVersion('{not json')).toThrow('KUBERNETES_EXEC_INFO is not JSON.');
  });
});
