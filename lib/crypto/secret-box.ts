// AES-256-GCM for secrets at rest (cluster kubeconfigs and tokens). The format carries a
// version and the key's fingerprint, so a wrong or rotated key is named, not misread:
//   v1.<key id>.<iv>.<auth tag>.<ciphertext>   (base64url parts)
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export function parseKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new SecretBoxError('the encryption key must be 32 bytes, base64-encoded');
  return key;
}

/** A short, non-secret fingerprint of the key, stored beside each ciphertext. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

export function open(key: Buffer, sealed: string): string {
  const [version, id, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !id || !iv || !tag || data === undefined) throw new SecretBoxError('not a sealed secret');
  if (id !== keyId(key)) throw new SecretBoxError(`sealed with another key (${id}); set the key it was sealed with`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the sealed secret was altered');
  }
}
