/**
 * The layering of dmacheck, checked by dependency-cruiser in `npm run lint`.
 *
 * Top level, lowest first (a folder imports only folders before it):
 *   model ← properties ← generators ← policies ← fuzz ← ftrace, verify ← reports ← bench ← cli, api ← examples
 * (api/ is the package's surface, `dmacheck` and `dmacheck/vitest`; examples/ use it as a user would)
 * Inside model/, lowest first (the kernel's own tree):
 *   core ← locking ← mm ← dma ← platform ← dma-buf ← gem ← engine
 * Tests (`*.test.ts`) and test helpers (`*-testing.ts`, `*-fixture.ts`) may reach up: they run
 * policies through the fuzzer. Nothing may import in a circle, type-only imports included.
 */
const TOP = [
  'model',
  'properties',
  'generators',
  'policies',
  'fuzz',
  'ftrace|verify',
  'reports',
  'bench',
  'cli|api',
  'examples',
];
const MODEL = ['core', 'locking', 'mm', 'dma', 'platform', 'dma-buf', 'gem', 'engine'];
const TESTS = '(\\.test|-testing|-fixture)\\.ts$';

/** For each layer, a rule forbidding imports of any layer above it. */
function upward(layers, prefix, what) {
  return layers.slice(0, -1).map((layer, i) => ({
    name: `no-upward-${what}-${layer.replace('|', '-')}`,
    comment: `${layer} is below ${layers.slice(i + 1).join(', ')}: it must not import them`,
    severity: 'error',
    from: { path: `^${prefix}(${layer})/`, pathNot: TESTS },
    to: { path: `^${prefix}(${layers.slice(i + 1).join('|')})/` },
  }));
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import circle (type-only imports count: a type is a dependency too)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'model-surface',
      comment: 'code outside model/ imports model/index.ts only',
      severity: 'error',
      from: { pathNot: '^model/' },
      to: { path: '^model/', pathNot: '^model/index\\.ts$' },
    },
    {
      name: 'subsystem-surface',
      comment: "a model/ folder imports another folder through that folder's index.ts only",
      severity: 'error',
      from: { path: '^model/([^/]+)/' },
      to: { path: '^model/[^/]+/', pathNot: ['^model/$1/', '^model/[^/]+/index\\.ts$'] },
    },
    {
      name: 'model-no-barrel',
      comment: 'inside model/, import the folder you need, not the whole model (model/index.ts)',
      severity: 'error',
      from: { path: '^model/[^/]+/', pathNot: TESTS },
      to: { path: '^model/index\\.ts$' },
    },
    ...upward(TOP, '', 'top'),
    ...upward(MODEL, 'model/', 'model'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|reports/out|bench/out)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
