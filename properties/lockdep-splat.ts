import { CONTEXTS, type Dep, LOCK_CLASSES, path, type World } from '../model/index.ts';

/**
 * Lockdep-style reports (kernel/locking/lockdep.c print_circular_bug, print_deadlock_bug), with
 * the model's contexts and `program:step` locations where the kernel prints stack traces. The
 * skeleton is lockdep's (KERNEL.md §6.7) so that kernel developers recognise it; usage bits and
 * addresses are left out.
 */
const N = LOCK_CLASSES.length;

function name(cls: number): string {
  return `(${LOCK_CLASSES[cls] ?? cls})`;
}

function who(ctx: number): string {
  return ctx < 0 ? '[boot]' : `[${CONTEXTS[ctx] ?? ctx}]`;
}

function seenAt(d: Dep | undefined): string {
  if (d === undefined) return '?';
  return d.ctx < 0 ? `${d.where}` : `${who(d.ctx)} ${d.where} (step ${d.step})`;
}

function dep(w: World, from: number, to: number): Dep | undefined {
  const i = w.lockdep.dep[from * N + to] ?? -1;
  return i < 0 ? undefined : w.lockdep.deps[i];
}

/** The splat for the dependency held → acquiring that closed a cycle. */
export function circularSplat(w: World, ctx: number, held: number, acquiring: number): string {
  const now = dep(w, held, acquiring);
  const heldAt = w.contexts[ctx]?.held.find((h) => h.cls === held);
  const chain = path(w.lockdep, acquiring, held) ?? [acquiring, held];
  const out = [
    'WARNING: possible circular locking dependency detected',
    `${who(ctx)} is trying to acquire lock:`,
    ` ${name(acquiring)}, at: ${now?.where ?? '?'}`,
    'but task is already holding lock:',
    ` ${name(held)}, at: ${heldAt === undefined ? '?' : `${heldAt.where} (step ${heldAt.step})`}`,
    'which lock already depends on the new lock.',
    'the existing dependency chain (in reverse order) is:',
  ];
  for (let i = chain.length - 1; i >= 1; i--) {
    const to = chain[i] as number;
    const from = chain[i - 1] as number;
    out.push(`-> #${i} ${name(to)}:`, `       taken holding ${name(from)}: ${seenAt(dep(w, from, to))}`);
  }
  out.push(`-> #0 ${name(acquiring)}:`, `       taken holding ${name(held)}: ${seenAt(now)}`);
  if (chain.length > 2) out.push(`Chain exists of: ${[held, ...chain].map(name).join(' --> ')}`);
  out.push(
    ' Possible unsafe locking scenario:',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  lock${name(held)};`,
    `                               lock${name(chain[chain.length - 2] ?? acquiring)};`,
    `                               lock${name(held)};`,
    `  lock${name(acquiring)};`,
    ' *** DEADLOCK ***',
  );
  return out.join('\n');
}

/** The splat for a context taking a lock it already holds. */
export function recursiveSplat(w: World, ctx: number, cls: number): string {
  const held = w.contexts[ctx]?.held.find((h) => h.cls === cls);
  return [
    'WARNING: possible recursive locking detected',
    `${who(ctx)} is trying to acquire lock:`,
    ` ${name(cls)}`,
    'but task is already holding lock:',
    ` ${name(cls)}, at: ${held === undefined ? '?' : `${held.where} (step ${held.step})`}`,
    ' *** DEADLOCK ***',
  ].join('\n');
}
