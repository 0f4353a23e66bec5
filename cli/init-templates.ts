/**
 * What `dmacheck init` writes: a policy project that depends on dmacheck, one file each. Every
 * family starts from a built-in policy that runs clean, so the scaffold's `npm test` passes as
 * written; the i915 one spells its bind out, so that one line turns it into commit e2273302's bug.
 */
export const FAMILIES = ['i915', 'userptr', 'dmabuf', 'resv'] as const;
export type Family = (typeof FAMILIES)[number];

const HEAD = (
  name: string,
  from: string,
) => `// ${name}: your driver's DMA-mapping lifetime code, as a dmacheck policy (started from
// dmacheck's ${from}). Replace the programs with your driver's; put a step boundary wherever
// your code sleeps or drops a lock. Run: npm test (or npx dmacheck fuzz --policy-file policy.ts).
`;

const IDENTITY = (name: string) => `  name: '${name}',
  summary: 'what the driver does, in one line',
  source: 'where this code lives: a commit id, a file path, a thread',
  expects: [],`;

export function policyFile(family: Family, name: string): string {
  switch (family) {
    case 'i915':
      return `${HEAD(name, 'i915 GEM family, as after commit e2273302: one DMA mapping per object')}import {
  DIR,
  definePolicy,
  dmaMapSg,
  dmaUnmapSg,
  E,
  GPU,
  i915Programs,
  NONE,
  objAt,
  sgAt,
  sgIsMapped,
  shmemGetPages,
  shmemPutPages,
} from 'dmacheck';

export default definePolicy({
${IDENTITY(name)}
  // get_pages/put_pages gather and release the shmem pages; the DMA mapping is bind's business.
  getPages: (k, obj) => shmemGetPages(k, obj, false),
  putPages: (k, obj) => shmemPutPages(k, obj, false),
  programs: i915Programs({
    // Bind, between inserting the node and writing the PTEs: map the pages unless they are mapped.
    prepareBind: (k, obj) => {
      const sg = objAt(k.w, obj).sg;
      if (sg === NONE || sgIsMapped(k, sg)) return 0;
      return dmaMapSg(k, sg, GPU, DIR.BIDIRECTIONAL) > 0 ? 0 : E.NOSPC;
    },
    // Unbind, after clearing the PTEs: unmap when no other VMA of the object is bound.
    finishUnbind: (k, obj, last) => {
      const sg = objAt(k.w, obj).sg;
      if (last && sg !== NONE) dmaUnmapSg(k, sg, GPU, sgAt(k.w, sg).nents, DIR.BIDIRECTIONAL);
    },
  }),
});
`;
    case 'userptr':
      return `${HEAD(name, 'i915 userptr family: MMU interval notifier, a worker gathering the pages')}import { definePolicy, i915Userptr, USERPTR_RACE_WEIGHTS } from 'dmacheck';

export default definePolicy(
  i915Userptr({
  ${IDENTITY(name).replaceAll('\n', '\n  ')}
    // The notifier callback unbinds synchronously; the worker publishes only if its work item is
    // still current and no invalidation hit the range since it gathered the pages.
    invalidate: 'sync',
    tokenCheck: true,
    dirtyFirst: false,
    intervalSeq: true,
    weights: USERPTR_RACE_WEIGHTS,
    config: { maxObjects: 2 },
  }),
);
`;
    case 'dmabuf':
      return `${HEAD(name, 'dma-buf exporter family: per-attachment tables, move_notify honoured')}import { dmabufDriver, definePolicy } from 'dmacheck';

export default definePolicy(
  dmabufDriver({
  ${IDENTITY(name).replaceAll('\n', '\n  ')}
  }),
);
`;
    case 'resv':
      return `${HEAD(name, 'reservation-era GEM family: ioctls under dma_resv, a trylocking shrinker')}import { definePolicy, resvDriver } from 'dmacheck';

export default definePolicy(
  resvDriver({
  ${IDENTITY(name).replaceAll('\n', '\n  ')}
  }),
);
`;
  }
}

export const TEST_FILE = `// Fuzzes the policy against every invariant, and replays each trace saved under regressions/
// (npx dmacheck fuzz --policy-file policy.ts --save-regression): a bug found once stays fixed.
// DMACHECK_SEED and DMACHECK_RUNS change the seed and the budget (DMACHECK_RUNS=100000 npm test).
import { fuzzTest, regressionTests } from 'dmacheck/vitest';
import policy from './policy.ts';

fuzzTest(policy);
regressionTests('regressions', policy);
`;

export const VITEST_CONFIG = `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 300_000,
    // dmacheck ships TypeScript: let vitest transform it like your own files.
    server: { deps: { inline: ['dmacheck'] } },
  },
});
`;

export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "strict": true,
    "noEmit": true,
    "allowImportingTsExtensions": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true
  }
}
`;

export const WORKFLOW = `name: dmacheck
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: npm install
      - run: npm test
`;

export const README = (name: string) => `# ${name}

A dmacheck policy of this driver's DMA-mapping lifetime code: \`policy.ts\`.
\`npm test\` fuzzes it against every invariant and replays the traces in \`regressions/\`.
\`npx dmacheck fuzz --policy-file policy.ts --save-regression\` keeps a counterexample for ever.
`;
