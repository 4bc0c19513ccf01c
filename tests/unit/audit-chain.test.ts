import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, findChainBreak, GENESIS_HASH, type ChainRow } from '@/lib/domain/audit-chain';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: null, actor: 'system', action: `a${i}`, targetType: 'T', targetId: String(i), data: { i, nested: { b: 1, a: 2 } } };
    const hash = auditHash(prev, fields);
    rows.push({ ...fields, seq: BigInt(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('an intact chain verifies', () => {
    expect(findChainBreak(chain(5))).toBeNull();
  });
  it('a changed row breaks the chain at that row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, data: { i: 99 } };
    expect(findChainBreak(rows)).toEqual({ seq: 3n, reason: 'hash does not match the row' });
  });
  it('a removed row breaks the chain at the next row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(findChainBreak(rows)?.seq).toBe(3n);
  });
});
