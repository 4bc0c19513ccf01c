// The command line's only reader of the environment. lib/env.ts holds the web and worker
// settings; the `berth` CLI runs on a user's machine with none of them, so it has its own
// small slice, read once in main.ts and passed down.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CliEnv {
  /** Where credentials.json lives: $BERTH_CONFIG_DIR or ~/.berth. */
  configDir: string;
  /** $BERTH_NO_BROWSER=1: print the sign-in link, never launch a browser. */
  noBrowser: boolean;
  /** Whether a graphical session exists (Linux); without one xdg-open would start a text browser. */
  hasDisplay: boolean;
  platform: NodeJS.Platform;
  /** $KUBERNETES_EXEC_INFO, which kubectl sets for exec credential plugins. */
  execInfo: string | undefined;
  /** $BERTH_DEBUG=1: print stack traces of failures. */
  debug: boolean;
}

const on = (v: string | undefined) => v === '1' || v === 'true' || v === 'yes';

export function readCliEnv(env: NodeJS.ProcessEnv = process.env): CliEnv {
  return {
    configDir: env.BERTH_CONFIG_DIR || join(homedir(), '.berth'),
    noBrowser: on(env.BERTH_NO_BROWSER),
    hasDisplay: Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
    platform: process.platform,
    execInfo: env.KUBERNETES_EXEC_INFO || undefined,
    debug: on(env.BERTH_DEBUG),
  };
}
