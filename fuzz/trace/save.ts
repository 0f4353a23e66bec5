import { CONTEXTS, type ContextId, CTX, DEFAULT_CONFIG, type Op, type WorldConfig } from '../../model/index.ts';
import type { InvariantCode } from '../../properties/index.ts';
import type { Found } from '../campaign.ts';
import { TRACE_FORMAT, TRACE_VERSION, type Trace, type TraceOp } from './schema.ts';

/** Where a counterexample came from: what `fuzz` knew besides the `Found` itself. @category Fuzzing and traces */
export interface Campaign {
  readonly policy: string;
  readonly seed: number;
  readonly config: WorldConfig;
  readonly maxOps: number;
}

/** The trace of a counterexample a campaign found. @category Fuzzing and traces */
export function traceOfFound(f: Found, c: Campaign): Trace {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    policy: c.policy,
    expect: { code: f.violation.code as InvariantCode },
    mask: f.mask as InvariantCode[],
    origin: {
      campaignSeed: c.seed,
      fastCheck: { seed: f.fcSeed, path: f.fcPath },
      maxOps: c.maxOps,
      runsToFind: f.runsToFind,
      shrunkFrom: f.originalLength,
      shrinks: f.shrinks,
    },
    // A phase of the policy's own ran under its world settings: the trace replays under them.
    config: f.phase?.config ?? c.config,
    ops: f.ops.map(traceOp),
  };
}

/** An engine op as a trace stores it (the context by name). @category Fuzzing and traces */
export function traceOp(op: Op): TraceOp {
  const ctx = CONTEXTS[op.ctx];
  // Ops come from the engine, whose contexts are CONTEXTS' indices.
  if (ctx === undefined) throw new Error(`op names context ${op.ctx}, which CONTEXTS does not have`);
  return { kind: op.kind, ctx, obj: op.obj, vm: op.vm, arg: op.arg, run: op.run };
}

/** The engine's ops of a (validated) trace. @category Fuzzing and traces */
export function traceOps(t: Trace): Op[] {
  return t.ops.map((o) => ({ ...o, ctx: CTX[o.ctx] as ContextId }));
}

/** `<policy>--<CODE>`: the name of a trace's files (deterministic: no seed, no date). @category Fuzzing and traces */
export function traceBaseName(
  t: Pick<Trace, 'policy' | 'expect'> & { readonly config?: { readonly platform?: { readonly name: string } } },
): string {
  // A trace found on a named platform carries it in its name: one policy's runs on several
  // machines (`--platform all`) write side by side.
  const on = t.config?.platform === undefined ? '' : `--${t.config.platform.name}`;
  return `${t.policy}--${t.expect.code}${on}`;
}

/**
 * The file text: fields in a fixed order, one op per line, so that the same trace is the same
 * bytes and a changed trace is a readable diff.
 * @category Fuzzing and traces
 */
export function traceJson(t: Trace): string {
  const head = {
    format: t.format,
    version: t.version,
    policy: t.policy,
    ...(t.provenance === undefined ? {} : { provenance: { kind: t.provenance.kind, citation: t.provenance.citation } }),
    expect: { code: t.expect.code },
    mask: t.mask,
    ...(t.note === undefined ? {} : { note: t.note }),
    ...(t.origin === undefined
      ? {}
      : {
          origin: {
            campaignSeed: t.origin.campaignSeed,
            fastCheck: { seed: t.origin.fastCheck.seed, path: t.origin.fastCheck.path },
            maxOps: t.origin.maxOps,
            runsToFind: t.origin.runsToFind,
            shrunkFrom: t.origin.shrunkFrom,
            shrinks: t.origin.shrinks,
          },
        }),
    config: {
      ...Object.fromEntries(Object.keys(DEFAULT_CONFIG).map((k) => [k, t.config[k as keyof WorldConfig]])),
      // The machine, whole: a trace replays on the platform it was found on, preset or not.
      ...(t.config.platform === undefined ? {} : { platform: t.config.platform }),
    },
  };
  const ops = t.ops.map(
    (o) => `    ${JSON.stringify({ kind: o.kind, ctx: o.ctx, obj: o.obj, vm: o.vm, arg: o.arg, run: o.run })}`,
  );
  const text = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${text},\n  "ops": [\n${ops.join(',\n')}\n  ]\n}\n`;
}
