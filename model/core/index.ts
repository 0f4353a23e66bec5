/**
 * The ground every layer stands on: ids, kinds, the world's plain-data types, the step handle
 * (`Kernel`), programs and the policy interface. Imports nothing outside itself.
 * Code outside this folder imports it through this file only.
 */
export * from './access.ts';
export * from './events.ts';
export * from './frame.ts';
export * from './ids.ts';
export * from './kernel.ts';
export * from './kinds.ts';
export type * from './op.ts';
export * from './platform.ts';
export * from './warn.ts';
export type * from './world.ts';
export * from './world-dma.ts';
