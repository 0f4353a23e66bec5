import fc from 'fast-check';
import {
  CTX,
  type Ctx,
  DEFAULT_CONFIG,
  type Engine,
  IMPORTERS,
  MAX_PREEMPT,
  type Op,
  type Policy,
} from '../model/index.ts';
import { EnabledTable } from './enabled.ts';
import type { GenOptions } from './ops.ts';

/**
 * Runs drawn from what can run now. A run is a choice sequence, an array of non-negative integers
 * (fast-check generates, shrinks and replays it), interpreted against the state as the run goes, as
 * Hypothesis's choice sequences are: the first choice sizes the setup, one choice per object sets it
 * up (`setupArb`'s distribution: its context and backing, and where the policy shares buffers
 * whether it is exported and how each importer imports it), then each choice draws one enabled op
 * (`EnabledTable.draw`) and its step budget. No op is ever skipped, and a shrunk choice sequence is
 * still a valid run. What ran is recorded as ops (`ops()`), which replay with `run` to the same end.
 * @category Generators
 */
export class ChoiceRunner {
  readonly table: EnabledTable;
  private readonly max: number;
  private readonly maxObjects: number;
  private readonly backings: readonly number[];
  private readonly share: boolean;
  /** Per executed op, the table index it drew and its step budget (`run`). */
  private readonly picked: Int32Array;
  private readonly runs: Int32Array;
  /** Ops the last `drive` started. */
  count = 0;
  /** Template index of create (ctx, backing), export (ctx, obj), attach (obj, dev, dynamic), map (obj, dev). */
  private readonly creates: number[][];
  private readonly exports: number[][];
  private readonly attaches: number[][][];
  private readonly maps: number[][];

  constructor(policy: Policy, opts: GenOptions) {
    this.table = new EnabledTable(policy, opts);
    const config = opts.config ?? DEFAULT_CONFIG;
    this.max = opts.maxOps ?? 24;
    this.maxObjects = Math.max(1, Math.min(config.maxObjects, this.max));
    this.backings = opts.backings ?? [0];
    this.share = opts.share === true;
    this.picked = new Int32Array(this.max);
    this.runs = new Int32Array(this.max);
    const ts = this.table.templates;
    const find = (kind: string, ctx: number, obj: number, vm: number, arg: number) =>
      ts.findIndex((t) => t.kind === kind && t.ctx === ctx && t.obj === obj && t.vm === vm && t.arg === arg);
    const objs = Array.from({ length: config.maxObjects }, (_, i) => i);
    const users = [CTX.U0, CTX.U1];
    this.creates = users.map((c) => this.backings.map((b) => find('create', c, 0, 0, b)));
    this.exports = users.map((c) => objs.map((o) => find('export', c, o, 0, 0)));
    this.attaches = objs.map((o) => IMPORTERS.map((d) => [0, 1].map((a) => find('attach', CTX.I, o, d, a))));
    this.maps = objs.map((o) => IMPORTERS.map((d) => find('map_attachment', CTX.I, o, d, 0)));
  }

  /** Starts table entry `i` as op number `this.count` with step budget `run`; false when it cannot start. */
  private start(e: Engine, i: number, run: number): boolean {
    const n = this.count;
    if (i < 0 || n >= this.max) return false;
    const t = this.table;
    const op = t.op(i);
    const c = e.w.contexts[op.ctx] as Ctx;
    if (op.kind === 'resume') {
      e.at(n);
      const cov = e.coverage;
      if (cov !== undefined) cov.ops.resume = (cov.ops.resume ?? 0) + 1;
      e.trace?.op(n, op, true);
    } else if (!e.begin(op, n)) {
      const cov = e.coverage;
      if (cov !== undefined) cov.skipped++;
      return false;
    }
    this.picked[n] = i;
    this.runs[n] = run;
    this.count = n + 1;
    e.runCtx(c, run);
    return true;
  }

  /** The step budget the high part `q` of a choice gives a preemptible op: `opArb`'s distribution. */
  private static runOf(q: number): number {
    const s = q % 12;
    if (s < 8) return 0;
    const r = Math.floor(q / 12);
    return s < 10 ? 1 + (r % 6) : 7 + (r % (MAX_PREEMPT - 6));
  }

  /** Interprets `choices` on the engine's world, stopping at a finding; the caller drains. */
  drive(e: Engine, choices: readonly number[]): void {
    this.count = 0;
    const len = choices.length;
    if (len === 0) return;
    const objects = 1 + ((choices[0] as number) % this.maxObjects);
    let i = 1;
    for (let obj = 0; obj < objects && i < len && !e.stopped; obj++) this.setup(e, obj, choices[i++] as number);
    const t = this.table;
    for (; i < len && !e.stopped && this.count < this.max; i++) {
      const k = t.draw(e.w, choices[i] as number);
      if (k < 0) break;
      this.start(e, k, t.preemptible[k] === 1 ? ChoiceRunner.runOf(t.rest) : 0);
    }
  }

  /** One object of the setup, from one choice (`setupArb`'s fields, packed). */
  private setup(e: Engine, obj: number, c: number): void {
    const ctx = c & 1;
    let u = c >>> 1;
    const nb = this.backings.length;
    if (!this.start(e, (this.creates[ctx] as number[])[u % nb] as number, 0) || !this.share) return;
    u = Math.floor(u / nb);
    const exported = u & 1;
    u >>>= 1;
    if (exported === 0 || !this.start(e, (this.exports[ctx] as number[])[obj] as number, 0)) return;
    const m = IMPORTERS.length;
    const first = u % m;
    u = Math.floor(u / m);
    for (let j = 0; j < m && !e.stopped; j++) {
      const d = (first + j) % m;
      const bits = (u >>> (3 * d)) & 7;
      if ((bits & 1) === 0) continue;
      const at = this.attaches[obj]?.[d]?.[(bits >> 1) & 1] ?? -1;
      if (!this.start(e, at, 0)) continue;
      if ((bits & 4) !== 0 && !e.stopped) this.start(e, this.maps[obj]?.[d] ?? -1, 0);
    }
  }

  /** The ops the last `drive` started, as a trace records them (each with its step budget). */
  ops(): Op[] {
    const out: Op[] = [];
    for (let n = 0; n < this.count; n++) {
      const op = this.table.op(this.picked[n] as number);
      const run = this.runs[n] as number;
      out.push({ ...op, run });
    }
    return out;
  }
}

/**
 * How a choice sequence is drawn: `prng` takes each choice straight from fast-check's random
 * source (one draw per choice, no per-item arbitrary), `arbitraries` composes fast-check's own
 * (`fc.array(fc.nat())`). Both shrink alike (fast-check's array shrinker), so seeds and replay paths
 * work for both; bench/choices.ts times them.
 * @category Generators
 */
export type ChoiceDraw = NonNullable<GenOptions['draw']>;

/** The largest choice: 30 bits, so that a choice is a small integer to V8 (a Smi), never a boxed double. */
const MAX_CHOICE = 0x3fffffff;

/** A choice sequence drawn from fast-check's random source, shrunk by `fc.array(fc.nat())`'s shrinker. */
class ChoicesArbitrary extends fc.Arbitrary<number[]> {
  private readonly max: number;
  private readonly shrinker: fc.Arbitrary<number[]>;

  constructor(max: number, shrinker: fc.Arbitrary<number[]>) {
    super();
    this.max = max;
    this.shrinker = shrinker;
  }

  override generate(mrng: fc.Random): fc.Value<number[]> {
    const n = mrng.nextInt(0, this.max);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = mrng.nextInt(0, MAX_CHOICE);
    return new fc.Value(out, undefined);
  }

  override canShrinkWithoutContext(value: unknown): value is number[] {
    return this.shrinker.canShrinkWithoutContext(value);
  }

  override shrink(value: number[], context: unknown): fc.Stream<fc.Value<number[]>> {
    return this.shrinker.shrink(value, context);
  }
}

/**
 * The choice sequences of a run: up to `maxOps` integers, shrinking towards fewer and smaller
 * choices (each still a valid run).
 * @category Generators
 */
export function choicesArb(opts: GenOptions, draw: ChoiceDraw = opts.draw ?? 'prng'): fc.Arbitrary<number[]> {
  const max = opts.maxOps ?? 24;
  const arrays = fc.array(fc.nat({ max: MAX_CHOICE }), { maxLength: max, size: 'max' });
  return draw === 'arbitraries' ? arrays : new ChoicesArbitrary(max, arrays);
}
