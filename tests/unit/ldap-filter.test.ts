import { describe, expect, it } from 'vitest';
import { escapeFilterValue, fillFilter, firstRdnValue } from '@/lib/domain/ldap-filter';

describe('escapeFilterValue (RFC 4515)', () => {
  it('escapes the five special characters', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0f')).toBe('a\\2ab\\28c\\29d\\5ce\\00f');
  });
  it('leaves ordinary text, unicode and DN punctuation alone', () => {
    expect(escapeFilterValue('mmosley')).toBe('mmosley');
    expect(escapeFilterValue('Zoë O\'Brien, =+<>#;')).toBe('Zoë O\'Brien, =+<>#;');
  });
  it.each([
    ['*)(uid=*))(|(uid=*', '\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a'],
    ['mmosley)(|(password=*)', 'mmosley\\29\\28|\\28password=\\2a\\29'],
    ['*', '\\2a'],
  ])('neutralizes the injection %s', (input, expected) => {
    expect(escapeFilterValue(input)).toBe(expected);
  });
  it('escapes the backslash first so escapes are not doubled or undone', () => {
    expect(escapeFilterValue('\\2a')).toBe('\\5c2a');
  });
});

describe('fillFilter', () => {
  it('fills placeholders with escaped values and keeps the template', () => {
    expect(fillFilter('(&(objectClass=person)(uid={username}))', { username: 'a*)(b' })).toBe('(&(objectClass=person)(uid=a\\2a\\29\\28b))');
  });
  it('refuses a placeholder with no value', () => {
    expect(() => fillFilter('(member={dn})', {})).toThrow(/\{dn\}/);
  });
});

describe('firstRdnValue', () => {
  it('takes the first RDN value and unescapes it', () => {
    expect(firstRdnValue('cn=developers,ou=groups,dc=berth,dc=test')).toBe('developers');
    expect(firstRdnValue('CN=Ops\\, EMEA,OU=Groups,DC=corp')).toBe('Ops, EMEA');
    expect(firstRdnValue('cn=caf\\c3\\a9,ou=g')).toBe('café');
    expect(firstRdnValue('cn=a\\+b,ou=g')).toBe('a+b');
  });
});
