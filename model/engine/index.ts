/**
 * The engine: the step loop, op specs, core-kernel programs (reclaim, MMU invalidation, page
 * faults), coverage and the machine a world boots on. It uses every subsystem; none uses it.
 * Code outside this folder imports it through this file only.
 */
export * from './coverage.ts';
export * from './create.ts';
export * from './engine.ts';
export * from './kernel-programs.ts';
export * from './op-domains.ts';
export * from './ops.ts';
export * from './policy-ops.ts';
export * from './run-types.ts';
