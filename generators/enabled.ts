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
 * one of that kind's enabled ops, so every drawn op can run. Nothing is allocated per draw, and
 * only the entries the draw looks at are tested.
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
  /** Per kind, its spec (null for `resume`); per template, its context. */
  private readonly kindSpecs: readonly (OpSpec | null)[];
  private readonly ctxOf: Int32Array;
  /** Whether each template (and resume) may be preempted (`OpDomain.preempt`). */
  readonly preemptible: Uint8Array;
  private readonly dropped: Uint8Array;
  private readonly resumeKind: number;

  constructor(policy: Policy, opts: GenOptions) {
    const all = CONTEXTS.map((_, i) => i as ContextId);
    const templates = opTemplates(policy, opts, all);
    this.templates = templates;
    this.resumes = all.map((ctx) => ({ kind: 'resume', ctx, obj: 0, vm: 0, arg: 0, run: 0 }));
    const specs: OpSpecs = opSpecsOf(policy);
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
    this.kindSpecs = starts.map((st, k) =>
      k === this.resumeKind ? null : (specs[(templates[st] as Op).kind] as OpSpec),
    );
    this.ctxOf = Int32Array.from(templates, (t) => t.ctx);
    this.starts = Int32Array.from(starts);
    this.ends = Int32Array.from(ends);
    this.weights = Float64Array.from(weights);
    this.totalWeight = weights.reduce((a, b) => a + b, 0);
    this.preemptible = Uint8Array.from([
      ...templates.map((t) => (opts.preempt !== false && domains[t.kind]?.preempt === true ? 1 : 0)),
      ...all.map(() => 0),
    ]);
    this.dropped = new Uint8Array(starts.length);
  }

  /** The op of a drawn index: a template, or a context's resume. */
  op(index: number): Op {
    const t = this.templates.length;
    return index < t ? (this.templates[index] as Op) : (this.resumes[index - t] as Op);
  }

  /**
   * Draws an enabled op of `w` from the choice `c` (a non-negative integer): the index of a
   * template or resume, or -1 when nothing is enabled. A kind by weight (`c % total`) among the
   * kinds not yet found empty, then, from the entry the rest of the choice points at among the
   * kind's entries, the first enabled one (cyclically): only what the draw looks at is tested, and
   * a kind with nothing enabled is dropped and the kind drawn again. What is left of the choice,
   * `rest`, is for the op's step budget.
   */
  draw(w: World, c: number): number {
    const dropped = this.dropped;
    dropped.fill(0);
    const weights = this.weights;
    let total = this.totalWeight;
    while (total > 0) {
      const r = c % total;
      let k = 0;
      let acc = 0;
      for (; k < dropped.length; k++) {
        if (dropped[k] === 1) continue;
        acc += weights[k] as number;
        if (r < acc) break;
      }
      // Rounding can leave r at the very top: the last kind still in the draw takes it.
      while (k >= dropped.length || dropped[k] === 1 || weights[k] === 0) k--;
      const start = this.starts[k] as number;
      const size = (this.ends[k] as number) - start;
      const q = Math.floor(c / total);
      const spec = this.kindSpecs[k] as OpSpec | null;
      const first = q % size;
      const contexts = w.contexts;
      for (let j = 0; j < size; j++) {
        let at = first + j;
        if (at >= size) at -= size;
        const i = start + at;
        // A resume needs its context busy; any other op an idle context and its precondition.
        const ok =
          spec === null
            ? (contexts[i - this.ctxOf.length]?.stack.length ?? 0) > 0
            : (contexts[this.ctxOf[i] as number]?.stack.length ?? 1) === 0 && spec.ready(w, this.templates[i] as Op);
        if (ok) {
          this.rest = Math.floor(q / size);
          return i;
        }
      }
      dropped[k] = 1;
      total -= weights[k] as number;
    }
    return -1;
  }

  /** What the last `draw` left of its choice. */
  rest = 0;
}
