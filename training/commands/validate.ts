/**
 * `signs validate <path>...`: checks scenes, the glossary, sign packs, recordings, model
 * folders and progress exports as the game would load them, and lists every problem.
 */
import { printJson, UsageError, type Verb } from '../cli-kit';
import { validatePath } from '../data/validate-files';
import { problemLine } from '../../src/lib/files/problems';

const usage = `Usage: npm run signs -- validate <path>... [--glossary <signs.yaml>] [--json]

Each <path> is one of:
  a scene folder (or its scene.yaml)   checked against the glossary (default src/scenes/signs.yaml)
  a .signscene file                    a scene in one file, as "Load a scene" in the game reads it
  the scenes folder (src/scenes)       the glossary and every scene in it, ids unique
  a glossary .yaml                     names, descriptions and reference packs of the signs
  a sign pack folder (or its index.json) the index, every recording, and that they agree
  a .signrec recording                 header, frame times and body
  a model folder (or its manifest.json) the manifest, model.json, the labels against the
                                       model's outputs and the weight files' size
  a progress export .json              what "Import progress" would accept

Every problem is printed as "file: field: problem (fix)". Exits with 1 when there is any.
With --json: [{"path","kind","summary","problems":[{"file","field","message"}]}].`;

export const verb: Verb = {
  name: 'validate',
  summary: 'check scenes, the glossary, sign packs, recordings, model folders and progress exports; list every problem',
  usage,
  options: {
    glossary: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError(`Give at least one path.\n\n${usage}`);
    const results = positionals.map((path) => validatePath(path, { glossary: values.glossary as string | undefined }));
    if (values.json) {
      printJson(results);
    } else {
      for (const r of results) {
        if (r.problems.length === 0) console.log(`ok ${r.path} (${r.kind}: ${r.summary})`);
        else for (const p of r.problems) console.log(problemLine(p));
      }
      const count = results.reduce((n, r) => n + r.problems.length, 0);
      const bad = results.filter((r) => r.problems.length).length;
      if (count) console.log(`${count} problem${count === 1 ? '' : 's'} in ${bad} of ${results.length} path${results.length === 1 ? '' : 's'}`);
    }
    if (results.some((r) => r.problems.length)) process.exitCode = 1;
  },
};
