import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/** The rules `npm run lint` checks (.dependency-cruiser.cjs), run on small trees written here. */
const config = createRequire(import.meta.url)('../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
};

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Writes `files` (path → source) into a fresh directory and returns the names of the broken rules. */
async function violations(files: Record<string, string>, rules = config.forbidden): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'dmacheck-layers-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const tops = [...new Set(Object.keys(files).map((p) => p.split('/')[0] as string))];
  const out = await cruise(tops, {
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: rules },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts'] },
  });
  if (typeof out.output === 'string') throw new Error('dependency-cruiser returned text, not a result');
  return [...new Set(out.output.summary.violations.map((v) => v.rule.name))].sort();
}

/** A minimal model: two layers with their index files. */
const MODEL = {
  'model/core/ids.ts': 'export type Id = number;\n',
  'model/core/index.ts': "export * from './ids.ts';\n",
  'model/mm/pages.ts': "import type { Id } from '../core/index.ts';\nexport const page = (i: Id) => i;\n",
  'model/mm/index.ts': "export * from './pages.ts';\n",
  'model/engine/engine.ts': "import { page } from '../mm/index.ts';\nexport const run = () => page(0);\n",
  'model/engine/index.ts': "export * from './engine.ts';\n",
  'model/index.ts':
    "export * from './core/index.ts';\nexport * from './mm/index.ts';\nexport * from './engine/index.ts';\n",
};

describe('the layering rules', () => {
  it('accept a tree that imports downwards through index files', async () => {
    expect(await violations({ ...MODEL, 'cli/main.ts': "import { run } from '../model/index.ts';\nrun();\n" })).toEqual(
      [],
    );
  });

  it('reject an import circle, type-only imports included', async () => {
    expect(
      await violations({
        ...MODEL,
        'model/core/a.ts': "import type { B } from './b.ts';\nexport type A = { b: B };\n",
        'model/core/b.ts': "import type { A } from './a.ts';\nexport type B = { a: A };\n",
      }),
    ).toEqual(['no-circular']);
  });

  it('reject a subsystem importing a layer above it', async () => {
    expect(
      await violations({
        ...MODEL,
        'model/mm/up.ts': "import { run } from '../engine/index.ts';\nexport const up = run;\n",
      }),
    ).toEqual(['no-upward-model-mm']);
  });

  it("reject an import of another folder's internals", async () => {
    expect(
      await violations({
        ...MODEL,
        'model/engine/peek.ts': "import { page } from '../mm/pages.ts';\nexport const peek = page;\n",
      }),
    ).toEqual(['subsystem-surface']);
    expect(
      await violations({ ...MODEL, 'cli/peek.ts': "import { page } from '../model/mm/index.ts';\npage(1);\n" }),
    ).toEqual(['model-surface']);
  });

  it('reject the model importing the tool around it', async () => {
    expect(
      await violations({
        ...MODEL,
        'fuzz/index.ts': 'export const budget = 1;\n',
        'model/engine/budget.ts': "import { budget } from '../../fuzz/index.ts';\nexport const b = budget;\n",
      }),
    ).toEqual(['no-upward-top-model']);
  });

  it('let tests reach up, and only because of the test exception', async () => {
    const tree = {
      ...MODEL,
      'fuzz/index.ts': "import { run } from '../model/index.ts';\nexport const check = run;\n",
      'properties/x.test.ts': "import { check } from '../fuzz/index.ts';\ncheck();\n",
    };
    expect(await violations(tree)).toEqual([]);
    const strict = config.forbidden.map((r) =>
      r.name === 'no-upward-top-properties' ? { ...r, from: { path: r.from.path ?? '' } } : r,
    );
    expect(await violations(tree, strict)).toEqual(['no-upward-top-properties']);
  });

  it('hold for the whole repository', async () => {
    const out = await cruise(
      ['model', 'properties', 'generators', 'policies', 'examples', 'fuzz', 'reports', 'bench', 'cli', 'api'],
      {
        validate: true,
        ruleSet: { forbidden: config.forbidden },
        tsPreCompilationDeps: true,
        enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
        exclude: { path: '^(node_modules|reports/out)' },
      },
    );
    if (typeof out.output === 'string') throw new Error('dependency-cruiser returned text, not a result');
    expect(out.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });
});
