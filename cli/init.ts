import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  FAMILIES,
  type Family,
  policyFile,
  README,
  TEST_FILE,
  TSCONFIG,
  VITEST_CONFIG,
  WORKFLOW,
} from './init-templates.ts';
import { type Io, UsageError } from './io.ts';

interface InitFlags {
  from: string;
  name?: string;
}

/** The version of dmacheck running, for the scaffold's dependency. */
function ownVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * `dmacheck init [DIR]`: a policy project in DIR (default: here). It never overwrites a file: any
 * that exists is bad input (exit 2). An existing package.json is extended (a test script, the
 * dependencies, ES modules), not replaced, so `npm install dmacheck` may come first.
 */
export function initCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('init')
    .description('scaffold a policy project for your driver: policy, test, regressions/, CI workflow')
    .argument('[dir]', 'directory to write into (created if missing)', '.')
    .option('--from <family>', `built-in family to start from: ${FAMILIES.join(', ')}`, 'i915')
    .option('--name <name>', 'policy name (default: the directory name)')
    .action((dir: string, flags: InitFlags) => {
      if (!(FAMILIES as readonly string[]).includes(flags.from)) {
        throw new UsageError(`unknown family "${flags.from}" for --from (known: ${FAMILIES.join(', ')})`);
      }
      const root = resolve(dir);
      const name = flags.name ?? (basename(root).replace(/[^A-Za-z0-9._-]/g, '-') || 'my-driver');
      const files: Record<string, string> = {
        'policy.ts': policyFile(flags.from as Family, name),
        'policy.test.ts': TEST_FILE,
        'vitest.config.ts': VITEST_CONFIG,
        'tsconfig.json': TSCONFIG,
        'README.md': README(name),
        '.github/workflows/dmacheck.yml': WORKFLOW,
        'regressions/.gitkeep': '',
      };
      const clash = Object.keys(files).filter((f) => existsSync(join(root, f)));
      if (clash.length > 0) throw new UsageError(`init: ${clash.join(', ')} already exist in ${dir}; nothing written`);
      const pkgPath = join(root, 'package.json');
      const pkg = packageJson(pkgPath, name);
      try {
        for (const [f, text] of Object.entries(files)) {
          mkdirSync(join(root, f, '..'), { recursive: true });
          writeFileSync(join(root, f), text);
        }
        writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
      } catch (e) {
        throw new UsageError(`init: cannot write into ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      io.out(
        `dmacheck: wrote a ${flags.from} policy project in ${dir} (policy.ts, policy.test.ts, regressions/)\n` +
          'next: npm install && npm test\n',
      );
      done(0);
    });
}

type Pkg = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** The project's package.json: a new one, or the existing one with what the scaffold needs added. */
function packageJson(path: string, name: string): Pkg {
  let pkg: Pkg = { name, private: true };
  if (existsSync(path)) {
    try {
      pkg = JSON.parse(readFileSync(path, 'utf8')) as Pkg;
    } catch {
      throw new UsageError(`init: ${path} is not valid JSON; nothing written`);
    }
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) {
      throw new UsageError(`init: ${path} is not a package.json object; nothing written`);
    }
    const test = pkg.scripts?.test;
    if (test !== undefined && !test.includes('vitest') && !test.startsWith('echo "Error: no test specified"')) {
      throw new UsageError(`init: package.json already has a test script ("${test}"); nothing written`);
    }
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  return {
    ...pkg,
    type: pkg.type ?? 'module',
    scripts: { ...pkg.scripts, test: 'vitest run', fuzz: 'dmacheck fuzz --policy-file policy.ts' },
    ...(deps.dmacheck === undefined ? { dependencies: { ...pkg.dependencies, dmacheck: `^${ownVersion()}` } } : {}),
    ...(deps.vitest === undefined ? { devDependencies: { ...pkg.devDependencies, vitest: '^4.1.12' } } : {}),
  };
}
