import type { Shard } from '../fuzz/index.ts';
import { CONTEXTS, type ContextId } from '../model/index.ts';
import type { SearchStats } from '../verify/index.ts';
import { type Io, UsageError } from './io.ts';

/** The flags of `dmacheck verify` (`verify.ts`; `--trace`: `verify-trace.ts`). */
export interface VerifyFlags {
  policy?: string;
  policyFile?: string;
  all?: boolean;
  depth?: number;
  objects?: number;
  vms?: number;
  contexts?: string;
  preempt?: number;
  maxStates?: number;
  time?: number;
  json?: boolean;
  out?: string;
  trace?: string;
  shard?: Shard;
  platform?: string;
  platformFile?: string;
  /** True with `--por` (sleep sets); off by default. */
  por?: boolean;
  /** Worker threads (`--workers N`; 1: this thread). */
  workers?: number;
}

/** `--contexts U0,U1,R`: the context ids, sorted; an unknown name is exit 2. */
export function parseContexts(list: string | undefined): ContextId[] {
  if (list === undefined) return CONTEXTS.map((_, i) => i as ContextId);
  const names = list.split(',').map((s) => s.trim());
  const out: ContextId[] = [];
  for (const n of names) {
    const i = (CONTEXTS as readonly string[]).indexOf(n);
    if (i < 0) throw new UsageError(`unknown context "${n}" in --contexts (known: ${CONTEXTS.join(', ')})`);
    if (!out.includes(i as ContextId)) out.push(i as ContextId);
  }
  return out.sort((a, b) => a - b);
}

/** One progress line on a terminal (stderr): depth, states, transitions, frontier, states/s. */
export function progressLine(io: Io, label: string, depth: number, enabled: boolean) {
  const stream = io.progressStream;
  if (!enabled || !io.isTty || stream === undefined) return { update: () => {}, stop: () => {} };
  return {
    update: (s: SearchStats) => {
      const rate = s.elapsedMs > 0 ? Math.round((s.states * 1000) / s.elapsedMs) : 0;
      stream.write(
        `\r\x1b[K${label} depth ${s.depth}/${depth} | ${s.states} states | ${s.transitions} transitions | ` +
          `frontier ${s.frontier} | ${rate} states/s`,
      );
    },
    stop: () => stream.write('\r\x1b[K'),
  };
}
