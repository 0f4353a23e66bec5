import {
  CONTEXTS,
  type ContextId,
  type Op,
  type OpSpec,
  type OpSpecs,
  opSpecsOf,
  opTablesOf,
  type Policy,
  type World,
} from '../model/index.ts';
import { opTemplates } from './actions.ts';
import { DEFAULT_WEIGHTS, type GenOptions } from './ops.ts';

/**
 * The ops enabled in a state, as a table to draw from: `opTemplates` (the enumeration verify's
 * search walks too) grouped by kind, each kind with its weight, plus a `resume` per context. A draw
 * is one integer, read against the state: a kind by weight among the kinds with an enabled op, then
 * one of that kind's enabled ops, so every drawn op can run. Nothing is allocated per draw: the
 * enabled ops of the kind are enumerated into a buffer the table keeps.
 * @category Generators
 */
export class EnabledTable {
  /** Every template, by kind; index `templates.length + c` is the resume of context `c`. */
  readonly templates: readonly Op[];
  /** The resume op of each context (what a recorded trace holds). */
  readonly resumes: readonly Op[];
  /** Per drawn kind: its first template, one past its last, its weight; `resume` last. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly weights: Float64Array;
  private readonly totalWeight: number;
  private readonly specs: OpSpecs;
  /** Whether each template (and resume) may be preempted (`OpDomain.preempt`). */
  readonly preemptible: Uint8Array;
  private readonly buf: Int32Array;
  private readonly dropped: Uint8Array;
  private readonly resumeKind: number;

  constructor(policy: Policy, opts: GenOptions) {
    const all = CONTEXTS.map((_, i) => i as ContextId);
    const templates = opTemplates(policy, opts, all);
    this.templates = templates;
    this.resumes = all.map((ctx) => ({ kind: 'resume', ctx, obj: 0, vm: 0, arg: 0, run: 0 }));
    this.specs = opSpecsOf(policy);
    const { domains } = opTablesOf(policy);
    const weightOf: Record<string, number> = { ...DEFAULT_WEIGHTS, ...opts.weights };
    for (const p of opts.policyOps ?? []) weightOf[p.kind] = p.weight;
    const starts: number[] = [];
    const ends: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < templates.length; ) {
      const kind = (templates[i] as Op).kind;
      let j = i;
      while (j < templates.length && (templates[j] as Op).kind === kind) j++;
      starts.push(i);
      ends.push(j);
      weights.push(weightOf[kind] ?? 0);
      i = j;
    }
    this.resumeKind = starts.length;
    starts.push(templates.length);
    ends.push(templates.length + all.length);
    weights.push(opts.preempt === false ? 0 : (weightOf.resume ?? 0));
    this.starts = Int32Array.from(starts);
    this.ends = Int32Array.from(ends);
    this.weights = Float64Array.from(weights);
    this.totalWeight = weights.reduce((a, b) => a + b, 0);
    this.preemptible = Uint8Array.from([
      ...templates.map((t) => (opts.preempt !== false && domains[t.kind]?.preempt === true ? 1 : 0)),
      ...all.map(() => 0),
    ]);
    this.buf = new Int32Array(templates.length + all.length);
    this.dropped = new Uint8Array(starts.length);
  }

  /** The op of a drawn index: a template, or a context's resume. */
  op(index: number): Op {
    const t = this.templates.length;
    return index < t ? (this.templates[index] as Op) : (this.resumes[index - t] as Op);
  }

  /**
   * Enumerates the enabled ops of kind `k` (index into the table's kinds) into the buffer and
   * returns how many there are: an idle context and a precondition that holds; for `resume`, a
   * context with an op in flight.
   */
  private enabledOf(w: World, k: number): number {
    const buf = this.buf;
    let n = 0;
    const end = this.ends[k] as number;
    if (k === this.resumeKind) {
      const base = this.templates.length;
      for (let i = this.starts[k] as number; i < end; i++) {
        if ((w.contexts[i - base]?.stack.length ?? 0) > 0) buf[n++] = i;
      }
      return n;
    }
    const ts = this.templates;
    const spec = this.specs[(ts[this.starts[k] as number] as Op).kind] as OpSpec;
    for (let i = this.starts[k] as number; i < end; i++) {
      const t = ts[i] as Op;
      if ((w.contexts[t.ctx]?.stack.length ?? 1) === 0 && spec.ready(w, t)) buf[n++] = i;
    }
    return n;
  }

  /**
   * Draws an enabled op of `w` from the choice `c` (a non-negative integer): the index of a
   * template or resume, or -1 when nothing is enabled. Only the kind drawn (and any kind drawn
   * before it with nothing enabled) is enumerated. The rest of the choice, `rest`, is left for the
   * op's step budget.
   */
  draw(w: World, c: number): number {
    const dropped = this.dropped;
    dropped.fill(0);
    let total = this.totalWeight;
    while (total > 0) {
      const r = c % total;
      let k = 0;
      let acc = 0;
      for (; k < dropped.length; k++) {
        if (dropped[k] === 1) continue;
        acc += this.weights[k] as number;
        if (r < acc) break;
      }
      // Rounding can leave r at the very top: the last kind still in the draw takes it.
      while (k >= dropped.length || dropped[k] === 1 || this.weights[k] === 0) k--;
      const n = this.enabledOf(w, k);
      if (n === 0) {
        dropped[k] = 1;
        total -= this.weights[k] as number;
        continue;
      }
      const q = Math.floor(c / total);
      this.rest = Math.floor(q / n);
      return this.buf[q % n] as number;
    }
    return -1;
  }

  /** What the last `draw` left of its choice. */
  rest = 0;
}
