import { replayTrace, traceOps } from '../fuzz/index.ts';
import { MAX_PREEMPT, opSpecsOf } from '../model/index.ts';
import { invariants } from '../properties/index.ts';
import { createdIds, opText } from '../reports/index.ts';
import { type Bounds, loadHasher, search } from '../verify/index.ts';
import { EXIT_INCOMPLETE, listenForInterrupt } from './fuzz.ts';
import { type Io, UsageError } from './io.ts';
import { guarded, loadTraceFile, policyForTrace } from './trace-input.ts';
import { parseContexts, progressLine, type VerifyFlags } from './verify-flags.ts';

/**
 * `verify --trace FILE`: is the trace's counterexample the shortest? A search one op shallower than
 * the trace, in its world and with every other invariant masked, looks for a shorter one breaking
 * the same invariant. Exit 1 either way (the violation stands), 3 when a budget cut the search short.
 */
export async function certify(flags: VerifyFlags, io: Io): Promise<number> {
  if (flags.shard !== undefined) throw new UsageError('--shard splits a policy or --all, not --trace: drop --shard');
  if (flags.policy !== undefined || flags.policyFile !== undefined || flags.all === true) {
    throw new UsageError('--trace certifies the trace on its own policy: drop --policy, --policy-file and --all');
  }
  const file = flags.trace as string;
  const t = loadTraceFile(file);
  const policy = await policyForTrace(file, t, {});
  const code = t.expect.code;
  const replayed = guarded(file, () => replayTrace(t, policy)).rec.result.violation;
  if (replayed?.code !== code) throw new UsageError(`${file}: the trace does not break ${code} on ${policy.name}`);
  const ops = traceOps(t);
  const bounds: Bounds = {
    depth: Math.max(1, ops.length - 1),
    objects: t.config.maxObjects,
    vms: t.config.vms,
    contexts: parseContexts(flags.contexts),
    preempt: Math.max(flags.preempt ?? MAX_PREEMPT, ...ops.map((o) => o.run)),
  };
  const mask = new Set(Object.keys(invariants).filter((c) => c !== code));
  const h64 = await loadHasher();
  const interrupt = listenForInterrupt(io);
  const progress = progressLine(io, policy.name, bounds.depth, flags.json !== true);
  const r =
    ops.length <= 1
      ? null
      : await search(
          policy,
          bounds,
          h64,
          mask,
          {
            maxStates: flags.maxStates,
            timeMs: flags.time === undefined ? undefined : flags.time * 1000,
            shouldStop: interrupt.requested,
            onProgress: progress.update,
            por: flags.por,
          },
          t.config,
        ).finally(() => {
          progress.stop();
          interrupt.dispose();
        });
  const where = `${policy.name}: ${code} in ${ops.length} op(s) (${file})`;
  if (r !== null && r.found !== null) {
    const shorter = r.found.ops;
    const ids = createdIds(shorter);
    const lines = shorter.map((op, i) => `    ${i + 1}. ${opText(op, ids[i] ?? -1, opSpecsOf(policy))}`);
    io.out(`${where}: not minimal: ${code} breaks in ${shorter.length} op(s):\n${lines.join('\n')}\n`);
    return 1;
  }
  if (r !== null && r.stopped !== null) {
    io.out(`${where}: incomplete: stopped before covering ${bounds.depth} op(s); NOT certified\n`);
    return EXIT_INCOMPLETE;
  }
  const states = r === null ? 1 : r.stats.states;
  io.out(
    `${where}: certified minimal: no sequence of fewer ops breaks it within ${t.config.maxObjects} object(s), ${t.config.vms} address space(s), preempted after up to ${bounds.preempt} steps (${states} states)\n`,
  );
  return 1;
}
