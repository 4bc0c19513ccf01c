import 'server-only';
import { ApiException, HttpMethod, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject, type V1APIResource } from '@kubernetes/client-node';
import { ManifestError, UnknownKindError } from './errors';
import type { ObjectRef } from './manifests';

type Action = 'create' | 'delete' | 'patch' | 'read' | 'list' | 'replace';
type Spec = Pick<KubernetesObject, 'apiVersion' | 'kind'> & { metadata?: { name?: string; namespace?: string } };

// client-node's generic client, with four fixes Berth relies on:
// - its specUriPath lower-cases the whole path, names included, so `Bad_Name` was sent as
//   `bad_name` and the server answered "name does not match the URL" instead of validating;
// - an apiVersion the server does not serve surfaced as a 404 "page not found"; here it is an
//   UnknownKindError, which toKubeError turns into a clear Invalid;
// - a namespaced object without a namespace went to the context's default namespace; here
//   it is refused;
// - its patch() re-serializes known kinds through generated models, which drops fields the
//   model lacks; apply() sends the manifest exactly as given.
// One client per KubeConfig, so discovery answers are cached across calls.
export class ObjectClient extends KubernetesObjectApi {
  private static readonly clients = new WeakMap<KubeConfig, ObjectClient>();

  static for(kc: KubeConfig): ObjectClient {
    let client = ObjectClient.clients.get(kc);
    if (!client) {
      client = kc.makeApiClient(ObjectClient);
      ObjectClient.clients.set(kc, client);
    }
    return client;
  }

  protected override async specUriPath(spec: KubernetesObject, action: Action): Promise<string> {
    if (!spec.kind || !spec.apiVersion) throw new Error('manifest needs apiVersion and kind');
    const resource = await this.resource(spec.apiVersion, spec.kind);
    if (!resource) throw new UnknownKindError(spec.apiVersion, spec.kind);
    const meta = spec.metadata ?? {};
    // Never fall back to the context's namespace: a tenant object landing in "default" would
    // be a silent cross-tenant write.
    if (resource.namespaced && !meta.namespace && action !== 'list') {
      throw new ManifestError(`${spec.kind} ${meta.name ?? ''} is namespaced but has no metadata.namespace`.replace('  ', ' '), 'metadata.namespace');
    }
    const parts = [this.apiVersionPath(spec.apiVersion)];
    if (resource.namespaced && meta.namespace) parts.push('namespaces', encodeURIComponent(meta.namespace));
    parts.push(resource.name);
    if (action !== 'create' && action !== 'list') {
      if (!meta.name) throw new Error(`${spec.kind} needs metadata.name`);
      parts.push(encodeURIComponent(meta.name));
    }
    return parts.join('/');
  }

  protected override async resource(apiVersion: string, kind: string): Promise<V1APIResource | undefined> {
    try {
      return await super.resource(apiVersion, kind);
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return undefined; // group/version not served (yet)
      throw e;
    }
  }

  /** The API path of an object (for error messages and logs); undefined when unknown. */
  async pathOf(spec: Spec, action: Action = 'read'): Promise<string | undefined> {
    try {
      return await this.specUriPath(structuredClone(spec) as KubernetesObject, action);
    } catch {
      return undefined;
    }
  }

  /** Whether discovery serves the kind now (a fresh CRD's group can lag its Established condition). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    return (await this.resource(apiVersion, kind)) !== undefined;
  }

  /** Whether the kind is namespaced, per discovery. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    const r = await this.resource(apiVersion, kind);
    if (!r) throw new UnknownKindError(apiVersion, kind);
    return r.namespaced;
  }

  /**
   * Server-side apply of one object, sent verbatim as JSON (JSON is YAML, so the apply
   * content type accepts it).
   * https://kubernetes.io/docs/reference/using-api/server-side-apply/
   */
  async apply<T extends KubernetesObject>(obj: T, opts: { fieldManager: string; force: boolean }): Promise<T> {
    const path = await this.specUriPath(structuredClone(obj), 'patch');
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
    ctx.setQueryParam('fieldManager', opts.fieldManager);
    if (opts.force) ctx.setQueryParam('force', 'true');
    ctx.setBody(JSON.stringify(obj));
    return this.requestPromise<T>(ctx, 'KubernetesObject');
  }

  /** The object, or null when it does not exist. */
  async get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | null> {
    const path = await this.specUriPath({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }, 'read');
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    try {
      return await this.requestPromise<T>(ctx, 'KubernetesObject');
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return null;
      throw e;
    }
  }

  /** Every object of a kind (in one namespace, or cluster-wide), following `continue` pages. */
  async listAll<T extends KubernetesObject>(apiVersion: string, kind: string, opts: { namespace?: string; labelSelector?: string } = {}): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.list<T>(apiVersion, kind, opts.namespace, undefined, undefined, undefined, undefined, opts.labelSelector, 500, token);
      // List items carry no apiVersion/kind; callers key objects by them.
      items.push(...page.items.map((i) => ({ ...i, apiVersion, kind })));
      token = page.metadata?._continue || undefined;
    } while (token);
    return items;
  }

  /** Deletes with background propagation; false when it was already gone. */
  async remove(ref: ObjectRef): Promise<boolean> {
    const path = await this.specUriPath({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } }, 'delete');
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.DELETE);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('Content-Type', 'application/json');
    ctx.setBody(JSON.stringify({ apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' }));
    try {
      await this.requestPromise(ctx, 'KubernetesObject');
      return true;
    } catch (e) {
      if (e instanceof ApiException && e.code === 404) return false;
      throw e;
    }
  }

  /** GET /readyz (open to every identity via system:public-info-viewer); false on any failure. */
  async isReady(): Promise<boolean> {
    try {
      const ctx = this.configuration.baseServer.makeRequestContext('/readyz', HttpMethod.GET);
      await this.configuration.authMethods.default?.applySecurityAuthentication(ctx);
      const res = await this.configuration.httpApi.send(ctx).toPromise();
      await res.body.text();
      return res.httpStatusCode === 200;
    } catch {
      return false;
    }
  }
}
