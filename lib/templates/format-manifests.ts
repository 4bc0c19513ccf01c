// Rendered objects as multi-document YAML, the form `kubectl apply -f` takes: for previews on
// the review and tenant pages, golden files in tests and a GitOps target later. Keys are put in
// canonical order first (a manifest read back from the database has lost it), so equal objects
// give equal text.
import { stringify } from 'yaml';
import { canonical } from './canonical';
import type { ManifestObject } from './types';

export function formatManifests(objects: readonly ManifestObject[]): string {
  // YAML 1.1 rules for quoting: Kubernetes tooling (sigs.k8s.io/yaml) reads 1.1, where an
  // unquoted 2025-01-02T03:04:05Z is a timestamp and "on" a boolean. lineWidth 0: never fold
  // long strings, so a diff shows the real change.
  return objects.map((o) => stringify(canonical(o), { version: '1.1', lineWidth: 0 })).join('---\n');
}
