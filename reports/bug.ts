import { replayTrace, type Trace, traceBaseName } from '../fuzz/index.ts';
import {
  CONTEXTS,
  createWorld,
  DEVICES,
  EVENT_KINDS,
  type Event,
  opSpecsOf,
  type Policy,
  type ProvenanceKind,
  type Violation,
  type World,
} from '../model/index.ts';
import { provenanceCitation } from '../policies/provenance.ts';
import { type Invariant, invariants } from '../properties/index.ts';
import { diffWorld, type EntityChange, entityState } from './diff.ts';
import { createdIds, opDescription } from './ops.ts';

/**
 * A counterexample as every renderer sees it: the trace, replayed, with the state change of each
 * step. Text, markdown and HTML all render this one value, so they cannot disagree.
 * @category Reports
 */
export interface BugReport {
  readonly trace: Trace;
  readonly policy: {
    readonly name: string;
    readonly summary: string;
    readonly source: string;
    /** What the policy models (`Policy.provenance`): its kind and one line citing it; null when it has none. */
    readonly provenance: { readonly kind: ProvenanceKind; readonly citation: string } | null;
  };
  /** The invariant the trace expects to break. */
  readonly expected: InvariantInfo;
  /** What the replay reported, or null when it ran clean. */
  readonly violation: BugViolation | null;
  readonly ops: readonly BugOp[];
  readonly steps: readonly BugStep[];
  /** Names of the contexts that ran a step or an op, in `CONTEXTS` order. */
  readonly contexts: readonly string[];
  /** The failing step's changes: the state that matters. */
  readonly failing: readonly EntityChange[];
  /** The object the violation is about, in full, as the failing step left it. */
  /** The entities the violation is about as they are at the failing step: its object, and its page if it names one. */
  readonly focus: readonly EntityChange[];
  /**
   * The machine, when the trace names a platform: its name and its GPU as reports print devices
   * (`i915 0000:00:02.0, iommu-strict`); null for a trace of the machine `config.gpu` names.
   */
  readonly platform: string | null;
  /**
   * The GPU as reports name devices (`vmwgfx 0000:00:0f.0`), when the trace names a platform: the
   * sequence diagram heads the GPU's lane with it. Null for a trace of the machine `config.gpu` names.
   */
  readonly gpu: string | null;
  /** Name of the trace file (`<policy>--<CODE>.json`), for the replay command. */
  readonly traceFile: string;
  /** The first op that did not run as written (see `TraceReplay.divergence`), or null. */
  readonly divergence: string | null;
}

export interface InvariantInfo {
  readonly code: string;
  readonly summary: string;
  readonly source: string;
}

/**
 * The violation a bug report explains: the invariant (code, summary, source), its message, and
 * where it happened.
 * @category Reports
 */
export interface BugViolation extends InvariantInfo {
  readonly message: string;
  /** Global step number. */
  readonly step: number;
  /** 1-based op of the trace it happened in, or null while the remaining work drained. */
  readonly op: number | null;
  /** Index into `BugReport.ops` of the op whose program broke the invariant. */
  readonly owner: number;
  readonly ctx: string;
  /** `program:label` of the failing step. */
  readonly where: string;
}

/** One op of a bug report's trace, as the reports list it. @category Reports */
export interface BugOp {
  /** 1-based number in the trace; null for ops the engine ran while draining (the GPU completing jobs). */
  readonly n: number | null;
  readonly ctx: string;
  /** `bind obj#0 into ggtt`, without the context (`(skipped)` when it did not run on this policy). */
  readonly text: string;
  readonly ran: boolean;
}

/** One step of the replayed trace: its context, program and label, events and state change. @category Reports */
export interface BugStep {
  readonly step: number;
  /** Index into `BugReport.ops` of the op that ran last before this step. */
  readonly op: number;
  /** Index into `BugReport.ops` of the op whose program this step runs (differs after a resume, in the drain). */
  readonly owner: number;
  readonly ctx: string;
  readonly prog: string;
  readonly label: string;
  readonly events: readonly string[];
  readonly changes: readonly EntityChange[];
}

export function invariantInfo(code: string): InvariantInfo {
  const inv = (invariants as Record<string, Invariant>)[code];
  return { code, summary: inv?.summary ?? '', source: inv?.source ?? '' };
}

const ctxName = (id: number): string => CONTEXTS[id] ?? String(id);

/** Replays a trace on a policy (normally its own) and gathers what the renderers show. @category Reports */
export function bugReport(trace: Trace, policy: Policy): BugReport {
  let prev: World = createWorld(trace.config);
  const changes: EntityChange[][] = [];
  const { rec, divergence } = replayTrace(trace, policy, {
    onStep: (w) => {
      const now = structuredClone(w);
      changes.push(diffWorld(prev, now));
      prev = now;
    },
  });
  const specs = opSpecsOf(policy);
  const devices = trace.config.platform?.devices ?? DEVICES;
  const ids = createdIds(rec.ops.map((o) => o.op));
  const ranAt = new Map(rec.ops.map((o, j) => [o.input, j]));
  const ops: BugOp[] = [];
  const opOfRun: number[] = [];
  trace.ops.forEach((input, i) => {
    const j = ranAt.get(i);
    const ran = rec.ops[j ?? -1];
    if (j !== undefined) opOfRun[j] = ops.length;
    ops.push({
      n: i + 1,
      ctx: ran === undefined ? input.ctx : ctxName(ran.op.ctx),
      text:
        ran === undefined
          ? `${input.kind} (${rec.skipped.includes(i) ? 'skipped' : 'not reached'})`
          : opDescription(ran.op, ids[j ?? -1] ?? -1, specs, devices),
      ran: ran !== undefined,
    });
  });
  rec.ops.forEach((o, j) => {
    if (!o.drain) return;
    opOfRun[j] = ops.length;
    ops.push({ n: null, ctx: ctxName(o.op.ctx), text: opDescription(o.op, -1, specs, devices), ran: true });
  });
  const steps: BugStep[] = rec.steps.map((s, i) => ({
    step: s.step,
    op: opOfRun[s.op] ?? 0,
    owner: opOfRun[s.owner] ?? 0,
    ctx: ctxName(s.ctx),
    prog: s.prog,
    label: s.label,
    events: s.events.map(eventText),
    changes: changes[i] ?? [],
  }));
  const v = rec.result.violation;
  // The engine checks after each step, so a violation is the last step's, but a deadlock, which
  // it finds when no step can run.
  const last = v !== null && steps[steps.length - 1]?.step === v.step ? steps[steps.length - 1] : undefined;
  const info = (p: Policy) => ({
    name: p.name,
    summary: p.summary,
    source: p.source,
    provenance:
      p.provenance === undefined ? null : { kind: p.provenance.kind, citation: provenanceCitation(p.provenance) },
  });
  return {
    trace,
    policy: info(policy),
    expected: invariantInfo(trace.expect.code),
    violation:
      v === null
        ? null
        : {
            ...invariantInfo(v.code),
            message: v.message,
            step: v.step,
            op: v.opIndex < 0 ? null : v.opIndex + 1,
            owner: last?.owner ?? ops.length - 1,
            ctx: ctxName(v.ctx),
            where: last === undefined ? '' : `${last.prog}:${last.label}`,
          },
    ops,
    steps,
    contexts: CONTEXTS.filter((c) => steps.some((s) => s.ctx === c) || ops.some((o) => o.ctx === c)),
    failing: last?.changes ?? [],
    focus: v === null ? [] : focusOf(rec.result.world, v),
    platform: platformLine(trace),
    gpu: gpuName(trace),
    traceFile: `${traceBaseName(trace)}.json`,
    divergence,
  };
}

function focusOf(w: World, v: Violation): EntityChange[] {
  const out: EntityChange[] = [];
  const obj = v.obj < 0 ? null : entityState(w, 'objects', v.obj);
  if (obj !== null) out.push(obj);
  const page = v.page === undefined ? null : entityState(w, 'pages', v.page);
  if (page !== null) out.push(page);
  return out;
}

/** `dma_map_sg obj#0 a=1 b=1 c=1`: the event's kind, its object, and its three operands. */
function eventText(e: Event): string {
  const kind = EVENT_KINDS[e.kind] ?? `event ${e.kind}`;
  return `${kind}${e.obj >= 0 ? ` obj#${e.obj}` : ''} a=${e.a} b=${e.b} c=${e.c}`;
}

function gpuName(t: Trace): string | null {
  const gpu = t.config.platform?.devices[0];
  return gpu === undefined ? null : `${gpu.driver} ${gpu.name}`;
}

function platformLine(t: Trace): string | null {
  const p = t.config.platform;
  if (p === undefined) return null;
  const gpu = p.devices[0];
  return gpu === undefined
    ? p.name
    : `${p.name} (${gpu.driver} ${gpu.name}, ${gpu.translation}${gpu.coherent ? '' : ', non-coherent'})`;
}
