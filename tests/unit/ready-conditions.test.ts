// When the waiter counts an object as ready, and when it gives up on one for good: the pure
// judgement of lib/kube/wait-for-ready.ts on live objects as the API server returns them.
// The real API server and custom resources: tests/integration/vcluster-template.test.ts.
import { describe, expect, it } from 'vitest';
import { failureReason, notReadyReason, type Condition, type LiveObject } from '@/lib/kube/wait-for-ready';
import { READINESS_CONDITIONS } from '@/lib/templates/schema';

const capi = (kind: 'Cluster' | 'VCluster', status?: LiveObject['status']): LiveObject => ({
  apiVersion: kind === 'Cluster' ? 'cluster.x-k8s.io/v1beta1' : 'infrastructure.cluster.x-k8s.io/v1alpha1',
  kind,
  metadata: { name: 'vc-team-x', namespace: 'vc-team-x' },
  ...(status ? { status } : {}),
});
const withReady = (kind: 'Cluster' | 'VCluster', ready: Omit<Condition, 'type'>, more: Condition[] = []) => capi(kind, { conditions: [...more, { type: 'Ready', ...ready }] });

describe('the ready condition', () => {
  it('is one a template may name', () => {
    expect(READINESS_CONDITIONS).toContain('ready');
  });

  it.each(['Cluster', 'VCluster'] as const)('%s is ready only with condition Ready=True', (kind) => {
    expect(notReadyReason(capi(kind))).toBe('no Ready condition yet');
    expect(notReadyReason(capi(kind, { conditions: [] }))).toBe('no Ready condition yet');
    expect(notReadyReason(withReady(kind, { status: 'Unknown' }))).toBe('Ready Unknown');
    expect(notReadyReason(withReady(kind, { status: 'False', reason: 'WaitingForControlPlane', message: 'helm install running' }))).toBe('Ready False (WaitingForControlPlane: helm install running)');
    expect(notReadyReason(withReady(kind, { status: 'True' }))).toBeNull();
    // Other conditions do not count.
    expect(notReadyReason(capi(kind, { conditions: [{ type: 'HelmChartDeployed', status: 'True' }] }))).toBe('no Ready condition yet');
  });

  it('takes status.ready: true (the Cluster API contract field) while no conditions are written', () => {
    expect(notReadyReason(capi('VCluster', { ready: true }))).toBeNull();
    expect(notReadyReason(capi('VCluster', { ready: true, conditions: [{ type: 'Ready', status: 'False', reason: 'CheckFailed' }] }))).toMatch(/^Ready False/);
  });

  it('judges any other kind by its Ready condition when it has one, else by being there', () => {
    const other = (status?: LiveObject['status']): LiveObject => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' }, ...(status ? { status } : {}) });
    expect(notReadyReason(other())).toBeNull();
    expect(notReadyReason(other({ conditions: [{ type: 'Synced', status: 'False' }] }))).toBeNull();
    expect(notReadyReason(other({ conditions: [{ type: 'Ready', status: 'False' }] }))).toBe('Ready False');
    expect(notReadyReason({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toBeNull();
  });

  it('leaves the other kinds as they were', () => {
    expect(notReadyReason({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, status: { phase: 'Terminating' } })).toBe('phase Terminating');
    expect(notReadyReason({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, status: {} })).toBe('status.hard not calculated yet');
  });
});

describe('a failure that ends the wait', () => {
  it.each(['Cluster', 'VCluster'] as const)('%s with Ready=False and a reason ending in Failed has failed, in the message’s words', (kind) => {
    const failed = withReady(kind, { status: 'False', reason: 'HelmDeployFailed', message: 'hostPath volumes are not allowed' });
    expect(failureReason(failed)).toBe('hostPath volumes are not allowed');
    expect(failureReason(withReady(kind, { status: 'False', reason: 'ProvisioningFailed' }))).toBe('ProvisioningFailed');
    expect(failureReason(withReady(kind, { status: 'False', reason: 'HelmDeployFailed', severity: 'Error', message: 'chart not found' }))).toBe('chart not found');
  });

  it('is not a condition Cluster API expects to recover (severity Warning or Info), nor one still on its way', () => {
    // What cluster-api-provider-vcluster reports while a new vcluster is still starting.
    expect(failureReason(withReady('VCluster', { status: 'False', reason: 'CheckFailed', severity: 'Warning', message: 'connection refused' }))).toBeNull();
    expect(failureReason(withReady('VCluster', { status: 'False', reason: 'CheckFailed', severity: 'Info' }))).toBeNull();
    expect(failureReason(withReady('VCluster', { status: 'False', reason: 'WaitingForInfrastructure' }))).toBeNull();
    expect(failureReason(withReady('VCluster', { status: 'Unknown', reason: 'SomethingFailed' }))).toBeNull();
    expect(failureReason(withReady('VCluster', { status: 'True', reason: 'PreviouslyFailed' }))).toBeNull();
    expect(failureReason(capi('Cluster'))).toBeNull();
  });

  it('is what Cluster API’s failureReason and failureMessage say', () => {
    expect(failureReason(capi('Cluster', { failureReason: 'CreateError', failureMessage: 'the VCluster could not be created' }))).toBe('the VCluster could not be created');
    expect(failureReason(capi('Cluster', { failureReason: 'CreateError' }))).toBe('CreateError');
  });

  it('is phase Failed of a VCluster, with the provider’s message', () => {
    expect(failureReason(capi('VCluster', { phase: 'Failed', reason: 'HelmDeployFailed', message: 'error installing / upgrading vcluster: quota exceeded' }))).toBe(
      'error installing / upgrading vcluster: quota exceeded',
    );
    expect(failureReason(capi('VCluster', { phase: 'Pending' }))).toBeNull();
    // Phase Failed of other kinds (a finished Pod) is not the waiter's business.
    expect(failureReason({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Failed' } })).toBeNull();
  });
});
