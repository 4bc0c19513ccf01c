import { describe, expect, it } from 'vitest';
import { checkTenantName, maxNameLength, MAX_NAMESPACE_LENGTH, namespaceName } from '@/lib/domain/tenant-name';

const none = { prefix: '' };
const sbx = { prefix: 'sbx-' };

describe('checkTenantName: valid names', () => {
  it.each([
    ['a', none],
    ['0', none],
    ['team-a', none],
    ['payments-2', none],
    ['a--b', none],
    ['kube', none], // only kube- is reserved, not the word
    ['defaults', none],
    ['my-kube-tools', none],
    ['constructor', none], // a property of every JS object, not a reserved namespace
    ['default', sbx], // becomes sbx-default
    ['kube-tools', sbx], // becomes sbx-kube-tools
  ])('%j with %j is fine', (name, opts) => {
    expect(checkTenantName(name, opts)).toBeNull();
  });
});

describe('checkTenantName: DNS-1123 label', () => {
  it.each([
    ['', 'Enter a name.'],
    ['Team-A', 'Use lowercase letters only (try "team-a").'],
    ['Bad Name', 'Use only lowercase letters, digits and dashes.'],
    ['team a', 'Use only lowercase letters, digits and dashes (spaces are not allowed).'],
    ['team_a', 'Use only lowercase letters, digits and dashes ("_" is not allowed).'],
    ['team.a', 'Use only lowercase letters, digits and dashes ("." is not allowed).'],
    ['équipe', 'Use only lowercase letters, digits and dashes ("é" is not allowed).'],
    ['-team', 'Start the name with a letter or digit.'],
    ['team-', 'End the name with a letter or digit.'],
    ['-', 'Start the name with a letter or digit.'],
  ])('%j: %s', (name, message) => {
    expect(checkTenantName(name, none)).toBe(message);
  });

  it('checks the typed name on its own, even where prefix + name would be a label', () => {
    expect(checkTenantName('-a', sbx)).toBe('Start the name with a letter or digit.');
  });
});

describe('checkTenantName: length with the prefix', () => {
  it.each([
    ['', 63],
    ['sbx-', 59],
    ['a'.repeat(20), 43],
  ])('prefix %j leaves %i characters', (prefix, max) => {
    expect(maxNameLength(prefix)).toBe(max);
  });

  it('exactly 63 characters with the prefix is fine, 64 is refused with the length left', () => {
    expect(namespaceName('a'.repeat(59), 'sbx-')).toHaveLength(MAX_NAMESPACE_LENGTH);
    expect(checkTenantName('a'.repeat(59), sbx)).toBeNull();
    expect(checkTenantName('a'.repeat(60), sbx)).toBe('Use at most 59 characters: the template adds "sbx-" in front, and a namespace name is at most 63.');
  });

  it('without a prefix the boundary is 63 itself', () => {
    expect(checkTenantName('a'.repeat(63), none)).toBeNull();
    expect(checkTenantName('a'.repeat(64), none)).toBe('Use at most 63 characters.');
  });
});

describe('checkTenantName: reserved namespaces', () => {
  it.each([
    ['default', '"default" is reserved for Kubernetes; choose another name.'],
    ['kubernetes-dashboard', '"kubernetes-dashboard" is reserved for the Kubernetes Dashboard; choose another name.'],
    ['ingress-nginx', '"ingress-nginx" is reserved for the NGINX ingress controller; choose another name.'],
    ['berth', '"berth" is reserved for Berth; choose another name.'],
    ['openshift', '"openshift" is reserved for OpenShift; choose another name.'],
    ['kube-system', 'Names starting with kube- are reserved for Kubernetes.'],
    ['kube-public', 'Names starting with kube- are reserved for Kubernetes.'],
    ['kube-x', 'Names starting with kube- are reserved for Kubernetes.'],
    ['berth-system', 'Names starting with berth- are reserved for Berth.'],
    ['openshift-monitoring', 'Names starting with openshift- are reserved for OpenShift.'],
  ])('%j: %s', (name, message) => {
    expect(checkTenantName(name, none)).toBe(message);
  });

  it('refuses names that become reserved once the prefix is added, showing the full name', () => {
    expect(checkTenantName('fault', { prefix: 'de' })).toBe('With the template\'s prefix the namespace would be "default". "default" is reserved for Kubernetes; choose another name.');
    expect(checkTenantName('be-tools', { prefix: 'ku' })).toBe(
      'With the template\'s prefix the namespace would be "kube-tools". Names starting with kube- are reserved for Kubernetes.',
    );
    expect(checkTenantName('ingress', { prefix: 'ingress-nginx-' })).toBeNull();
    expect(checkTenantName('nginx', { prefix: 'ingress-' })).toMatch(/"ingress-nginx" is reserved/);
  });

  it('refuses a prefix Kubernetes would refuse (the template loader should have)', () => {
    expect(checkTenantName('a', { prefix: 'Sbx-' })).toBe('"Sbx-a" is not a valid namespace name; ask a platform admin to check the template\'s prefix.');
  });
});
