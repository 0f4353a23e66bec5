import {
  type Checker,
  type ContextId,
  CTX,
  clearPtes,
  createWorld,
  DIR,
  dmaMapSg,
  dmaUnmapSg,
  E,
  type Finding,
  fenceCreate,
  fenceSignal,
  fsReclaimAcquire,
  fsReclaimRelease,
  GPU,
  Kernel,
  MADV,
  MUTEX,
  mutexLock,
  mutexTrylock,
  mutexUnlock,
  NONE,
  type ObjectId,
  type Op,
  type OpKind,
  objAt,
  objClose,
  objCreate,
  objFree,
  objGet,
  objMarkDirty,
  objPut,
  oldestUnsignaled,
  type Policy,
  pinPages,
  resvAddFence,
  resvLock,
  resvUnlock,
  type SgId,
  sgAt,
  USAGE,
  unpinPages,
  type VmaId,
  type VmId,
  vmaAt,
  vmaLookupOrCreate,
  vmaPin,
  vmaUnpin,
  type World,
  type WorldConfig,
  writePtes,
} from '../model/index.ts';
import { shmemGetPages, shmemPutPages } from '../policies/index.ts';

const U0 = CTX.U0 as ContextId;
const R = CTX.R as ContextId;
const G = CTX.G as ContextId;
const SM = MUTEX.struct_mutex;

/**
 * The i915 2015 GEM paths of `policies/i915-2015/` written by hand, for baseline (a) (`hand-loop.ts`):
 * each method is one op, run to completion in U0, and each `begin` starts one atomic step, in the
 * order the policy programs take them (steps that only pass control included), so step counts match
 * the engine's. Where the engine's op would block on the GPU, it first retires every job.
 */
export class HandRun {
  readonly w: World;
  readonly k: Kernel;
  readonly checker: Checker;
  readonly mapPerBind: boolean;
  readonly log: Op[] | undefined;
  steps = 0;
  found: Finding | null = null;

  constructor(config: WorldConfig, policy: Policy, checker: Checker, mapPerBind: boolean, log: Op[] | undefined) {
    this.w = createWorld(config);
    this.k = new Kernel(this.w, policy);
    this.checker = checker;
    this.mapPerBind = mapPerBind;
    this.log = log;
  }

  /** Starts one atomic step, labelled `program:step` as the engine labels it (lockdep records it). */
  begin(ctx: ContextId, where: string): void {
    this.k.beginStep(ctx);
    this.k.where = where;
    this.steps++;
  }

  /** Ends it: every invariant, on what the step did and touched. */
  end(): void {
    const k = this.k;
    if (k.ev.n === 0 && k.touched.length === 0) return;
    const f = this.checker.afterStep(k);
    if (f !== null && this.found === null) this.found = f;
  }

  note(kind: OpKind, ctx: ContextId, obj: number, vm: number, arg: number): void {
    this.log?.push({ kind, ctx, obj, vm, arg, run: 0 });
  }

  usable(obj: number): boolean {
    const o = this.w.objects[obj];
    return o?.live === true && o.handles > 0;
  }

  create(): void {
    if (this.w.objects.length >= this.w.config.maxObjects) return;
    this.note('create', U0, 0, 0, 0);
    this.begin(U0, 'create:create');
    objCreate(this.k, 'shmem');
    this.end();
  }

  bind(obj: number, vm: number): void {
    if (!this.usable(obj) || objAt(this.w, obj).madv === MADV.PURGED) return;
    const id = objAt(this.w, obj).vmas[vm] as number;
    if (id !== NONE && vmaAt(this.w, id).bound) return;
    this.note('bind', U0, obj, vm, 0);
    this.lock(U0, 'bind:lock');
    this.begin(U0, 'bind:call');
    this.vmaBind(obj, vm);
    this.unlock(U0, 'bind:unlock');
  }

  unbind(vma: number): void {
    const v = this.w.vmas[vma];
    if (v === undefined || !v.bound || v.pin > 0 || !this.usable(v.obj)) return;
    if (v.active > 0) this.retire();
    this.note('unbind', U0, v.obj, v.vm, 0);
    this.lock(U0, 'unbind:lock');
    this.begin(U0, 'unbind:call');
    this.vmaUnbind(U0, v.id);
    this.unlock(U0, 'unbind:unlock');
  }

  execbuf(obj: number, vm: number, write: boolean): void {
    if (!this.usable(obj) || objAt(this.w, obj).madv === MADV.PURGED) return;
    const k = this.k;
    const o = objAt(this.w, obj);
    this.note('execbuf', U0, obj, vm, write ? 1 : 0);
    this.lock(U0, 'execbuf:mutex_lock');
    this.begin(U0, 'execbuf:lock');
    resvLock(k, o.resv);
    this.end();
    this.begin(U0, 'execbuf:bind');
    let ret = 0;
    if (o.vmas[vm] === NONE || !vmaAt(this.w, o.vmas[vm] as number).bound) ret = this.vmaBind(obj, vm);
    this.begin(U0, 'execbuf:pin');
    const id = o.vmas[vm] as number;
    if (ret < 0 || id === NONE || !vmaAt(this.w, id).bound) {
      resvUnlock(k, o.resv);
      this.end();
      this.unlock(U0, 'execbuf:mutex_unlock');
      return;
    }
    vmaPin(k, id as VmaId);
    this.end();
    this.begin(U0, 'execbuf:submit');
    const fence = fenceCreate(k, U0, [id as VmaId], write);
    resvAddFence(k, o.resv, fence, write ? USAGE.WRITE : USAGE.READ);
    if (write) objMarkDirty(k, o.id);
    this.end();
    this.begin(U0, 'execbuf:unlock');
    resvUnlock(k, o.resv);
    vmaUnpin(k, id as VmaId);
    this.end();
    this.unlock(U0, 'execbuf:mutex_unlock');
  }

  signal(): void {
    const fence = oldestUnsignaled(this.k, U0);
    if (fence === NONE) return;
    this.note('signal', G, 0, 0, U0);
    this.begin(G, 'signal:signal');
    fenceSignal(this.k, fence);
    this.end();
  }

  /** Waits for the GPU: every job completes (a `signal` op per fence). */
  retire(): void {
    while (oldestUnsignaled(this.k, U0) !== NONE) this.signal();
  }

  shrink(): void {
    const w = this.w;
    const k = this.k;
    if (w.objects.some((o) => o.active > 0)) this.retire();
    this.note('shrink', R, 0, 0, 0);
    this.begin(R, 'kswapd:enter');
    fsReclaimAcquire(k);
    this.end();
    this.begin(R, 'kswapd:scan');
    this.begin(R, 'shrink:lock');
    mutexTrylock(k, SM);
    this.end();
    for (let i = 0; ; ) {
      this.begin(R, 'shrink:scan');
      while (i < w.objects.length && (!objAt(w, i).live || objAt(w, i).sg === NONE)) i++;
      if (i >= w.objects.length) break;
      objGet(k, i as ObjectId);
      this.end();
      this.unbindAll(R, 'shrink', i, false);
      this.begin(R, 'shrink:put_pages');
      this.putPages(i);
      this.end();
      this.begin(R, 'shrink:next_object');
      objPut(k, i as ObjectId);
      i++;
    }
    this.begin(R, 'shrink:unlock');
    mutexUnlock(k, SM);
    this.end();
    this.begin(R, 'kswapd:leave');
    fsReclaimRelease(k);
    this.end();
  }

  close(obj: number): void {
    if (!this.usable(obj)) return;
    const k = this.k;
    const o = objAt(this.w, obj);
    if (o.active > 0) this.retire();
    this.note('close', U0, obj, 0, 0);
    this.begin(U0, 'close:drop_handle');
    objClose(k, obj as ObjectId);
    this.end();
    this.begin(U0, 'close:wait_idle'); // idle already
    this.lock(U0, 'close:lock');
    this.unbindAll(U0, 'close', obj, true);
    this.begin(U0, 'close:put_pages');
    o.pagesPin = 0;
    this.putPages(obj);
    objFree(k, obj as ObjectId);
    this.end();
    this.unlock(U0, 'close:unlock');
  }

  /** `unbind_vmas` / `again` of the shrinker and of close: every bound VMA, in address-space order. */
  unbindAll(ctx: ContextId, prog: string, obj: number, forceUnpin: boolean): void {
    const vmas = objAt(this.w, obj).vmas;
    for (let vm = 0; ; vm++) {
      this.begin(ctx, `${prog}:unbind_vmas`);
      while (vm < vmas.length && (vmas[vm] === NONE || !vmaAt(this.w, vmas[vm] as number).bound)) vm++;
      if (vm >= vmas.length) return;
      if (forceUnpin) vmaAt(this.w, vmas[vm] as number).pin = 0;
      this.vmaUnbind(ctx, vmas[vm] as VmaId);
      this.begin(ctx, `${prog}:again`);
    }
  }

  /** `vma_bind` (struct_mutex held): get_pages and pin, insert the node, write the PTEs. */
  vmaBind(obj: number, vm: number): number {
    const k = this.k;
    const o = objAt(this.w, obj);
    this.begin(U0, 'vma_bind:get_pages');
    if (o.vmas[vm] !== NONE && vmaAt(this.w, o.vmas[vm] as number).bound) return 0;
    const ret = shmemGetPages(k, obj as ObjectId, !this.mapPerBind);
    if (ret < 0) {
      this.end();
      return ret;
    }
    pinPages(k, obj as ObjectId);
    this.end();
    this.begin(U0, 'vma_bind:insert_node');
    const vma = vmaLookupOrCreate(k, obj as ObjectId, vm as VmId);
    if (this.mapPerBind && dmaMapSg(k, o.sg as SgId, GPU, DIR.BIDIRECTIONAL) === 0) {
      unpinPages(k, obj as ObjectId);
      this.end();
      return E.NOSPC;
    }
    this.end();
    this.begin(U0, 'vma_bind:write_ptes');
    writePtes(k, vma);
    this.end();
    return 0;
  }

  /** `vma_unbind` of an idle, unpinned, bound VMA: clear the PTEs, unmap at the last (B01), unpin. */
  vmaUnbind(ctx: ContextId, vma: VmaId): void {
    const k = this.k;
    const v = vmaAt(this.w, vma);
    const o = objAt(this.w, v.obj);
    this.begin(ctx, 'vma_unbind:wait_idle');
    this.begin(ctx, 'vma_unbind:clear_ptes');
    clearPtes(k, vma);
    if (this.mapPerBind && o.bindCount === 0 && o.sg !== NONE) {
      dmaUnmapSg(k, o.sg, GPU, sgAt(this.w, o.sg).nents, DIR.BIDIRECTIONAL);
    }
    unpinPages(k, o.id);
    this.end();
  }

  putPages(obj: number): void {
    shmemPutPages(this.k, obj as ObjectId, !this.mapPerBind);
  }

  lock(ctx: ContextId, where: string): void {
    this.begin(ctx, where);
    mutexLock(this.k, SM);
    this.end();
  }

  unlock(ctx: ContextId, where: string): void {
    this.begin(ctx, where);
    mutexUnlock(this.k, SM);
    this.end();
  }
}
