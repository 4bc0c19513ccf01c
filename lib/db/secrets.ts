import 'server-only';
import { open, parseKey, seal } from '@/lib/crypto/secret-box';
import { env } from '@/lib/env';

const key = () => parseKey(env().BERTH_ENCRYPTION_KEY);

/** Seals a secret for storage with BERTH_ENCRYPTION_KEY (AES-256-GCM). */
export function sealSecret(plaintext: string): string {
  return seal(key(), plaintext);
}

export function openSecret(sealed: string): string {
  return open(key(), sealed);
}
