// RFC 4515 §3: in an assertion value, `*`, `(`, `)`, `\` and NUL must be written as `\XX`.
// Every user-supplied value that reaches an LDAP filter goes through here.
const SPECIAL = /[\\*()\0]/g;

export function escapeFilterValue(value: string): string {
  return value.replace(SPECIAL, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Fills `{name}` placeholders of a configured filter template with escaped values. */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`LDAP filter template has no value for {${key}}`);
    return escapeFilterValue(value);
  });
}

/** `cn=developers,ou=groups,dc=x` → `developers`: the value of the first RDN, unescaped. */
export function firstRdnValue(dn: string): string {
  const match = /^[^=]+=((?:\\.|[^,\\])*)/.exec(dn.trim());
  if (!match?.[1]) return dn;
  // RFC 4514 §2.4: `\XX` escapes are UTF-8 bytes, so decode them as bytes, not characters.
  const bytes: number[] = [];
  const raw = match[1];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === '\\' ? /^[0-9a-fA-F]{2}/.exec(raw.slice(i + 1)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else if (raw[i] === '\\') {
      continue;
    } else {
      bytes.push(...Buffer.from(raw[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
