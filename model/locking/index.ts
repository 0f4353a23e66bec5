/**
 * kernel/locking: mutexes and lockdep (the lock-class dependency graph, context flags).
 * Code outside this folder imports it through this file only.
 */
export * from './lockdep.ts';
export * from './mutex.ts';
