import type { Coverage, Op, World } from '../model/index.ts';
import { stateFeatures } from './features.ts';

/** Most sequences the random phase keeps for the guided phase. */
export const CORPUS_CAP = 256;

/**
 * The sequences of the random phase that reached something new, kept for the guided phase to
 * mutate (syzkaller's corpus, AFL's queue). `observe` runs after each random run that counted
 * coverage, on what that run shows without a trace: a program step no run had reached (the
 * campaign's `Coverage.reached` grew), an invariant's guarded situation no run had met, or an
 * abstract state of the run's final world no run had left (an object's lifetime state, a lock
 * dependency, IOMMU or debug-table occupancy, fences in flight). It builds the ops of the runs it keeps only,
 * allocating nothing per run but the entries it keeps.
 */
export class Corpus {
  /** The kept sequences, in the order they were found (the ops as drawn: the guided phase replays them). */
  readonly entries: (readonly Op[])[] = [];
  private readonly seen = new Set<number>();
  private reached = 0;
  private unmet: string[] | null = null;
  private novel = false;
  private readonly sink = {
    add: (f: number) => {
      if (!this.seen.has(f)) {
        this.seen.add(f);
        this.novel = true;
      }
    },
  };

  /**
   * Keeps a run's ops when it (final world `w`, campaign coverage `cov` including it) reached
   * something new; `ops` is called only then (a run's ops are built only for the runs kept).
   */
  observe(ops: () => readonly Op[], w: World, cov: Coverage): void {
    this.novel = false;
    if (cov.reached > this.reached) {
      this.reached = cov.reached;
      this.novel = true;
    }
    // A guard met for the first time: the guards not met yet are few, and shrink.
    this.unmet ??= Object.keys(cov.guards);
    for (let i = 0; i < this.unmet.length; i++) {
      if ((cov.guards[this.unmet[i] as string] ?? 0) > 0) {
        this.unmet.splice(i--, 1);
        this.novel = true;
      }
    }
    stateFeatures(w, this.sink);
    if (this.novel && this.entries.length < CORPUS_CAP) this.entries.push(ops());
  }
}
