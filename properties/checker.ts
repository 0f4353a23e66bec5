import {
  type Checker,
  type Coverage,
  EVENT_KINDS,
  type Event,
  type Finding,
  type Kernel,
  type Obj,
  PAGE_EVENTS,
  type World,
} from '../model/index.ts';
import type { Invariant } from './invariant.ts';

interface EventEntry {
  readonly code: string;
  readonly check: (w: World, e: Event) => string | null;
}
interface ObjectEntry {
  readonly code: string;
  readonly check: (w: World, o: Obj) => string | null;
}
interface GuardEntry<T> {
  readonly code: string;
  readonly hit: (w: World, x: T) => boolean;
  readonly detail?: ((w: World, x: T) => string) | undefined;
}

export interface CheckerOptions {
  /** Codes not to check (already reported, or out of scope for this run). */
  readonly mask?: ReadonlySet<string> | undefined;
  /** Where to count guards; absent when nobody reads them. */
  readonly coverage?: Coverage | undefined;
}

/**
 * Compiles invariants into dispatch tables (event kind → checks; object checks) so that a step
 * costs only the checks its events and touched objects call for.
 * @category Invariants
 */
export function makeChecker(all: readonly Invariant[], opts: CheckerOptions = {}): Checker {
  const active = all.filter((inv) => !opts.mask?.has(inv.code));
  const byEvent: EventEntry[][] = EVENT_KINDS.map(() => []);
  const pageEvent = EVENT_KINDS.map((kind) => PAGE_EVENTS.includes(kind));
  const objects: ObjectEntry[] = [];
  const guardEvents: GuardEntry<Event>[][] = EVENT_KINDS.map(() => []);
  const guardObjects: GuardEntry<Obj>[] = [];
  for (const inv of active) {
    EVENT_KINDS.forEach((kind, i) => {
      const check = inv.events?.[kind];
      if (check !== undefined) byEvent[i]?.push({ code: inv.code, check });
    });
    if (inv.object !== undefined) objects.push({ code: inv.code, check: inv.object });
  }
  // Guards are counted for masked invariants too: coverage is about the runs, not the findings.
  for (const inv of all) {
    EVENT_KINDS.forEach((kind, i) => {
      const hit = inv.guard?.events?.[kind];
      if (hit !== undefined) guardEvents[i]?.push({ code: inv.code, hit, detail: inv.guard?.detail });
    });
    if (inv.guard?.object !== undefined) guardObjects.push({ code: inv.code, hit: inv.guard.object });
  }
  const cov = opts.coverage;
  const guards = cov?.guards;
  const details = cov?.details;
  if (guards !== undefined) for (const inv of all) if (inv.guard !== undefined) guards[inv.code] ??= 0;

  const mask = opts.mask;
  return {
    masks: (code: string) => mask?.has(code) === true,
    afterStep(k: Kernel): Finding | null {
      const w = k.w;
      const ev = k.ev;
      if (guards !== undefined) {
        for (let i = 0; i < ev.n; i++) {
          const e = ev.buf[i] as Event;
          for (const g of guardEvents[e.kind] as GuardEntry<Event>[]) {
            if (!g.hit(w, e)) continue;
            bump(guards, g.code);
            if (g.detail !== undefined && details !== undefined) bump(details, `${g.code}: ${g.detail(w, e)}`);
          }
        }
        for (const id of k.touched) {
          const o = w.objects[id] as Obj;
          for (const g of guardObjects) if (g.hit(w, o)) bump(guards, g.code);
        }
      }
      for (let i = 0; i < ev.n; i++) {
        const e = ev.buf[i] as Event;
        for (const c of byEvent[e.kind] as EventEntry[]) {
          const message = c.check(w, e);
          if (message !== null)
            return pageEvent[e.kind] === true
              ? { code: c.code, message, obj: e.obj, page: e.a }
              : { code: c.code, message, obj: e.obj };
        }
      }
      for (const id of k.touched) {
        const o = w.objects[id] as Obj;
        for (const c of objects) {
          const message = c.check(w, o);
          if (message !== null) return { code: c.code, message, obj: o.id };
        }
      }
      return null;
    },
  };
}

function bump(counts: Record<string, number>, code: string): void {
  counts[code] = (counts[code] ?? 0) + 1;
}
