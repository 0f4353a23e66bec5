import { register } from 'tsx/esm/api';
import { defineConfig } from 'vitest/config';

// The tests import the sources natively, through tsx, as the CLI does (bin/dmacheck.mjs), instead of
// through Vite's module runner: the runner rewrites every import into a property read of a module
// object, which costs the model's hot loops up to ten times their speed (an imported constant read
// inside a loop is a getter call there; verify/fingerprint.ts's encoding took 41 µs a world instead
// of 3). tsx is registered here for the main process (the global set-up file is TypeScript) and
// passed to every worker.
register();

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'scratch/**'],
    setupFiles: ['./vitest.setup.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    execArgv: ['--import', 'tsx'],
    // No vi.mock and no in-source tests here, so no module loader for them either (its hooks need
    // Node 22.15; Node 20 warns for every test file).
    experimental: { viteModuleRunner: false, nodeLoader: false },
  },
});
