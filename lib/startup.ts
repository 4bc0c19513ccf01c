import 'server-only';
import { ConfigError, env } from '@/lib/env';

// Runs once when the Node server starts: a bad variable stops Berth with one line naming it.
try {
  env();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
