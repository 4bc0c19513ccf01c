// Error paths are shown to template authors, so they read like the YAML they wrote:
// `spec.objects[3].roleRef.name`, not `["spec","objects",3,"roleRef","name"]`. Keys that are
// not plain words (label keys such as kubernetes.io/metadata.name) are quoted in brackets.

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `base` + `.key`, `["odd/key"]` or `[i]`, keeping the root bare. */
export function joinPath(base: string, part: PropertyKey): string {
  if (typeof part === 'number') return `${base}[${part}]`;
  const key = String(part);
  if (!PLAIN_KEY.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

/** `["spec", "objects", 3, "kind"]` → `spec.objects[3].kind`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => joinPath(out, part), '');
}
