// The `berth` command line: commander wiring only; each command lives in its own file.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { type CliDeps, realDeps } from './deps';
import { type CliEnv, readCliEnv } from './env';
import { describeError } from './errors';
import { runKubeconfig } from './kubeconfig';
import { runLogin } from './login';
import { runLogout } from './logout';
import { openBrowser } from './open-browser';
import { normalizeServerUrl } from './server-url';
import { runToken } from './token';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export function buildProgram(deps: CliDeps, env: CliEnv): Command {
  const program = new Command()
    .name('berth')
    .description('Sign in to Berth and get Kubernetes credentials for your tenants.')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run berth --help for usage)')
    // Settings made before .command() are inherited by every subcommand.
    .exitOverride()
    .configureOutput({ writeOut: (text) => deps.print(text), writeErr: (text) => deps.say(text.replace(/\n$/, '')) });

  program
    .command('login')
    .description('sign in to a Berth server in the browser (device code), and remember the session')
    .argument('<berthUrl>', "Berth's address, e.g. https://berth.example.com")
    .option('--ca-file <pem>', 'trust this CA certificate (PEM) for Berth and its issuer; remembered per server')
    .option('--no-browser', 'print the sign-in link without opening a browser (also BERTH_NO_BROWSER=1)')
    .action(async (berthUrl: string, opts: { caFile?: string; browser: boolean }) => {
      const browser = opts.browser && !env.noBrowser;
      await runLogin(deps, berthUrl, {
        caFile: opts.caFile,
        openBrowser: browser ? (url) => openBrowser(url, env) : undefined,
      });
    });

  program
    .command('kubeconfig')
    .description("write a tenant's kubeconfig (stdout unless -o)")
    .argument('<tenant>', 'tenant name or id')
    .option('--server <berthUrl>', 'Berth server (default: the only one signed in to)')
    .option('-o, --output <file>', 'write to this file (mode 0600) instead of stdout')
    .action(async (tenant: string, opts: { server?: string; output?: string }) => {
      await runKubeconfig(deps, tenant, opts);
    });

  program
    .command('token')
    .description('print an ExecCredential for kubectl (client-go credential plugin)')
    .requiredOption('--server <berthUrl>', 'Berth server')
    .requiredOption('--cluster <name>', 'cluster name')
    .action(async (opts: { server: string; cluster: string }) => {
      await runToken(deps, normalizeServerUrl(opts.server), opts.cluster, env.execInfo);
    });

  program
    .command('logout')
    .description('revoke the session at the issuer and forget it')
    .option('--server <berthUrl>', 'Berth server (default: the only one signed in to)')
    .action(async (opts: { server?: string }) => {
      await runLogout(deps, opts);
    });

  return program;
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: string[], env: CliEnv = readCliEnv(), deps: CliDeps = realDeps(env.configDir)): Promise<number> {
  try {
    await buildProgram(deps, env).parseAsync(argv);
    return 0;
  } catch (err) {
    // Help, version and usage errors: commander has already written its words.
    if (err instanceof CommanderError) return err.exitCode;
    deps.say(`berth: ${describeError(err)}`);
    if (env.debug && err instanceof Error && err.stack) deps.say(err.stack);
    return 1;
  }
}
