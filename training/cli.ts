/**
 * `npm run signs -- <verb> [options]`: the command line for teachers and researchers.
 * Each verb lives in training/commands/<verb>.ts and exports `verb: Verb`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FileProblemError } from '../src/lib/files/problems';
import { UsageError, parseVerbArgs, type Verb } from './cli-kit';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');

async function loadVerbs(): Promise<Verb[]> {
  const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const verbs: Verb[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(COMMANDS_DIR, f)).href)) as { verb?: Verb };
    if (mod.verb) verbs.push(mod.verb);
  }
  return verbs.sort((a, b) => a.name.localeCompare(b.name));
}

function overview(verbs: Verb[]): string {
  const width = Math.max(...verbs.map((v) => v.name.length));
  return [
    'Usage: npm run signs -- <verb> [options]',
    '',
    'Verbs:',
    ...verbs.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`),
    '',
    'Run `npm run signs -- <verb> --help` for the options of a verb.',
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const verbs = await loadVerbs();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview(verbs));
    return;
  }
  const verb = verbs.find((v) => v.name === name);
  if (!verb) throw new UsageError(`Unknown verb "${name}".\n\n${overview(verbs)}`);
  const args = parseVerbArgs(verb, rest);
  if (args.values.help) {
    console.log(verb.usage);
    return;
  }
  await verb.run(args as Parameters<Verb['run']>[0]);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof FileProblemError) {
    console.error(`signs: ${e.message}`);
  } else {
    console.error(e);
  }
  process.exitCode = 1;
});
