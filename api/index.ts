/**
 * The `dmacheck` package's surface for policy writers (`import { ... } from 'dmacheck'`): the
 * model's primitives and types, the built-in policy families to build on, the invariants, and the
 * fuzzer, trace and report functions the CLI is made of. The vitest helpers are `dmacheck/vitest`.
 * @module dmacheck
 */
export * from '../fuzz/index.ts';
export * from '../model/index.ts';
export * from '../policies/index.ts';
export * from '../properties/index.ts';
export * from '../reports/index.ts';
