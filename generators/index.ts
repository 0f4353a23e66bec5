export { DEFAULT_WEIGHTS, type GenOptions, opArb, opsArb } from './ops.ts';
export { type At, S } from './script.ts';
