// Best effort: launch the desktop's browser on a URL. Never fails; the link is printed anyway.
import { spawn } from 'node:child_process';

export interface BrowserContext {
  platform: NodeJS.Platform;
  /** A graphical session exists; without one (ssh, containers) xdg-open would start a text browser. */
  hasDisplay: boolean;
}

/** The launcher for this platform, or undefined where none should be tried. */
export function browserCommand(url: string, { platform, hasDisplay }: BrowserContext): [string, string[]] | undefined {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd.exe built-in that re-parses `&` in URLs; this opens the default browser without a shell.
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return hasDisplay ? ['xdg-open', [url]] : undefined;
}

/** True when a launcher was started (not a promise that a browser appeared). */
export function openBrowser(url: string, context: BrowserContext): boolean {
  const command = browserCommand(url, context);
  if (!command) return false;
  try {
    const child = spawn(command[0], command[1], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
