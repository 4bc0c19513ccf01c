// Entry point of `berth` (scripts/cli/berth.mjs loads it through tsx; `npm run berth -- …` too).
import { runCli } from './program';

process.exitCode = await runCli(process.argv);
