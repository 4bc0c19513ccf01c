// The configuration the services scripts exported, as Berth parses it.
import { appSchema, parseEnv, type AppEnv } from '@/lib/env';

export function testEnv(override: Partial<Record<keyof AppEnv, string>> = {}): AppEnv {
  return parseEnv(appSchema, { ...process.env, ...override });
}
