import { describe, expect, it } from 'vitest';
import { type Trace, traceOp } from '../fuzz/index.ts';
import { S } from '../generators/index.ts';
import { configFor } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { bugReport } from './bug.ts';
import { B01_TRACE, b01Report } from './bug-fixture.ts';
import { bugHtml } from './bug-html.ts';
import { bugMarkdown } from './bug-markdown.ts';
import { bugText } from './bug-text.ts';

describe('bug report', () => {
  const r = b01Report();

  it("shows the policy's provenance in every format, and no line for a policy without one", () => {
    expect(r.policy.provenance).toEqual({
      kind: 'commit',
      citation: 'commit: before e227330223a7 "drm/i915: avoid leaking DMA mappings"',
    });
    for (const render of [bugText, bugMarkdown, bugHtml]) expect(render(r)).toMatch(/Provenance|provenance:/);
    const { provenance: _, ...bare } = policies['i915-2015-before-e2273302'];
    const unlabelled = bugReport(B01_TRACE, bare);
    expect(unlabelled.policy.provenance).toBeNull();
    for (const render of [bugText, bugMarkdown, bugHtml])
      expect(render(unlabelled)).not.toMatch(/Provenance|provenance:/);
  });

  it('holds the replayed steps, each with its context and state change', () => {
    expect(r.violation?.code).toBe('MAP-SINGLE');
    expect(r.ops.map((o) => `${o.n} [${o.ctx}] ${o.text}`)).toEqual([
      '1 [U0] create obj#0 (shmem)',
      '2 [U0] bind obj#0 into ggtt',
      '3 [U0] bind obj#0 into ppgtt1',
    ]);
    expect(r.steps.at(-1)?.step).toBe(r.violation?.step);
    expect(r.contexts).toEqual(['U0']);
  });

  it('renders as text of at most 72 columns', () => {
    const text = bugText(r);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(72);
    expect(text).toMatchInlineSnapshot(`
      "dmacheck: i915-2015-before-e2273302 breaks MAP-SINGLE

      KERNEL.md B01: every bind maps the pages again

      Invariant  MAP-SINGLE: at most one live DMA mapping of an object's pages
                 per device; a mapped sg table is never mapped again
      Source     commit e2273302 (seed 003, thread seed 000);
                 Documentation/core-api/dma-api.rst
      Policy     i915-2015-before-e2273302: maps the sg table again on every
                 VMA bind; unmaps at the last unbind
      Provenance commit: before e227330223a7 "drm/i915: avoid leaking DMA
                 mappings"

      Steps ([context] operation):
        1. [U0] create obj#0 (shmem)
        2. [U0] bind obj#0 into ggtt
        3. [U0] bind obj#0 into ppgtt1  <- fails here

      Violated at step 11 (op 3, [U0] vma_bind:insert_node):
        dma_map_sg on sg#0 of obj#0, which already holds a live mapping: m#0
        (iova 0x00000000, 2 pages, BIDIRECTIONAL, mapped at step 5) is
        overwritten by m#1 (iova 0x00002000, 2 pages, BIDIRECTIONAL, mapped at
        step 11)

      State at the failing step (what step 11 changed):
        page#0  maps 1 -> 2
        page#1  maps 1 -> 2
        obj#0   vmas[1] -1 -> 1, liveMaps 1 -> 2
        vma#1   new: obj 0, vm 1, bound false, pin 0, ptes [-1,-1],
                ptePages [-1,-1], active 0
        sg#0    dma 0 -> 1
        m#1     new: dev 0, sg 0, obj 0, iova 2, npages 2, addrs [2,3],
                segs [2], kind sg, att -1, bounce null, nents 1, mappedEnts 1,
                dir 0, attrs 0, errChecked true, live true,
                devWrote [false,false], step 11
        iommu#0 owner[2..3] -1 -> 1, used 2 -> 4
        debug   used 1 -> 2, cachelines[0] 1 -> 2
      obj#0 as it is then:
        backing shmem, npages 2, resv 0, live true, handles 1, refs 1, sg 0,
        pagesPin 2, pinDisplay 0, bindCount 1, bindPeak 1, vmas [0,1,-1],
        madv 0, dmabuf -1, ustart -1, useq 2, work -1, workKind -1,
        workPages [], pagesSeq 2, dirty false, liveMaps 2, active 0

      Replay:
        npx dmacheck replay i915-2015-before-e2273302--MAP-SINGLE.json
        (found by fuzz --seed 1: fast-check seed -1640531536, path
        "3:2:0:0:4:6:6:2:3:3:3")
      "
    `);
  });

  it('renders as markdown', () => {
    expect(bugMarkdown(r)).toMatchInlineSnapshot(`
      "### dmacheck: i915-2015-before-e2273302 breaks MAP-SINGLE

      KERNEL.md B01: every bind maps the pages again

      > **MAP-SINGLE**: at most one live DMA mapping of an object's pages per device; a mapped sg table is never mapped again  
      > source: commit e2273302 (seed 003, thread seed 000); Documentation/core-api/dma-api.rst

      **Policy** i915-2015-before-e2273302: maps the sg table again on every VMA bind; unmaps at the last unbind

      **Provenance** commit: before e227330223a7 "drm/i915: avoid leaking DMA mappings"

      | # | context | operation |
      | ---: | --- | --- |
      | 1 | U0 | create obj#0 (shmem) |
      | 2 | U0 | bind obj#0 into ggtt |
      | 3 | U0 | **bind obj#0 into ppgtt1** ← fails here |

      **Violated at step 11** (op 3, \\[U0\\] vma\\_bind:insert\\_node):

      \`\`\`text
      dma_map_sg on sg#0 of obj#0, which already holds a live mapping: m#0 (iova 0x00000000, 2 pages, BIDIRECTIONAL, mapped at step 5) is overwritten by m#1 (iova 0x00002000, 2 pages, BIDIRECTIONAL, mapped at step 11)
      \`\`\`

      **State at the failing step** (what step 11 changed):

      | entity | change |
      | --- | --- |
      | page#0 | maps 1 → 2 |
      | page#1 | maps 1 → 2 |
      | obj#0 | vmas\\[1\\] -1 → 1, liveMaps 1 → 2 |
      | vma#1 | new: obj 0, vm 1, bound false, pin 0, ptes \\[-1,-1\\], ptePages \\[-1,-1\\], active 0 |
      | sg#0 | dma 0 → 1 |
      | m#1 | new: dev 0, sg 0, obj 0, iova 2, npages 2, addrs \\[2,3\\], segs \\[2\\], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote \\[false,false\\], step 11 |
      | iommu#0 | owner\\[2..3\\] -1 → 1, used 2 → 4 |
      | debug | used 1 → 2, cachelines\\[0\\] 1 → 2 |

      **obj#0** as it is then: backing shmem, npages 2, resv 0, live true, handles 1, refs 1, sg 0, pagesPin 2, pinDisplay 0, bindCount 1, bindPeak 1, vmas \\[0,1,-1\\], madv 0, dmabuf -1, ustart -1, useq 2, work -1, workKind -1, workPages \\[\\], pagesSeq 2, dirty false, liveMaps 2, active 0

      <details><summary>All 11 steps, with what each changed</summary>

      | step | op | context | program:label | events | changes |
      | ---: | ---: | --- | --- | --- | --- |
      | 1 | 1 | U0 | create:create |  | obj#0: new: backing shmem, npages 2, resv 0, live true, handles 1, refs 0, sg -1, pagesPin 0, pinDisplay 0, bindCount 0, bindPeak 0, vmas \\[-1,-1,-1\\], madv 0, dmabuf -1, ustart -1, useq 2, work -1, workKind -1, workPages \\[\\], pagesSeq 2, dirty false, liveMaps 0, active 0<br>resv#0: new: owner -1, fences \\[\\], usages \\[\\] |
      | 2 | 2 | U0 | bind:lock | lock\\_acquire a=7 b=0 c=0 | obj#0: refs 0 → 1<br>mutex#0: owner -1 → 0, cls -1 → 7<br>ctx#U0: ref -1 → 0, held += {"cls":7,"inst":0,"trylock":false,"read":false,"step":2,"where":"bind:lock"} |
      | 3 | 2 | U0 | bind:call |  |  |
      | 4 | 2 | U0 | vma\\_bind:get\\_pages | alloc a=0 b=0 c=0<br>lock\\_acquire a=3 b=-1 c=0<br>get\\_pages obj#0 a=0 b=0 c=0 | page#0: new: obj 0, free false, gen 0, dirty false, accessed false, maps 0, refs 1, ptes 0, busy 0, ver 1, cache 1, devVer 0, cpuVer 0, cpuDirty false, coherent false<br>page#1: new: obj 0, free false, gen 0, dirty false, accessed false, maps 0, refs 1, ptes 0, busy 0, ver 2, cache 2, devVer 0, cpuVer 0, cpuDirty false, coherent false<br>obj#0: sg -1 → 0, pagesPin 0 → 1<br>sg#0: new: obj 0, pages \\[0,1\\], nents 1, segs \\[2\\], att -1, dma -1, freed false<br>lockdep: deps += {"from":7,"to":3,"ctx":0,"step":4,"where":"vma\\_bind:get\\_pages"}<br>dataVer: 0 → 2 |
      | 5 | 2 | U0 | vma\\_bind:insert\\_node | dma\\_map\\_sg obj#0 a=0 b=0 c=0 | page#0: maps 0 → 1<br>page#1: maps 0 → 1<br>obj#0: vmas\\[0\\] -1 → 0, liveMaps 0 → 1<br>vma#0: new: obj 0, vm 0, bound false, pin 0, ptes \\[-1,-1\\], ptePages \\[-1,-1\\], active 0<br>sg#0: dma -1 → 0<br>m#0: new: dev 0, sg 0, obj 0, iova 0, npages 2, addrs \\[0,1\\], segs \\[2\\], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote \\[false,false\\], step 5<br>iommu#0: owner\\[0..1\\] -1 → 0, used 0 → 2<br>debug: used 0 → 1, cachelines += 1 |
      | 6 | 2 | U0 | vma\\_bind:write\\_ptes | pte\\_write obj#0 a=0 b=0 c=0 | page#0: ptes 0 → 1<br>page#1: ptes 0 → 1<br>obj#0: bindCount 0 → 1, bindPeak 0 → 1<br>vma#0: bound false → true, ptes\\[0\\] -1 → 0, ptes\\[1\\] -1 → 1, ptePages\\[0\\] -1 → 0, ptePages\\[1\\] -1 → 1 |
      | 7 | 2 | U0 | bind:unlock |  | obj#0: refs 1 → 0<br>mutex#0: owner 0 → -1<br>ctx#U0: ref 0 → -1, held \\[{"cls":7,"inst":0,"trylock":false,"read":false,"step":2,"where":"bind:lock"}\\] → \\[\\] |
      | 8 | 3 | U0 | bind:lock | lock\\_acquire a=7 b=0 c=0 | obj#0: refs 0 → 1<br>mutex#0: owner -1 → 0<br>ctx#U0: ref -1 → 0, held += {"cls":7,"inst":0,"trylock":false,"read":false,"step":8,"where":"bind:lock"} |
      | 9 | 3 | U0 | bind:call |  |  |
      | 10 | 3 | U0 | vma\\_bind:get\\_pages |  | obj#0: pagesPin 1 → 2 |
      | 11 ⚠ | 3 | U0 | vma\\_bind:insert\\_node | dma\\_map\\_sg obj#0 a=1 b=1 c=1<br>dma\\_debug\\_overlap obj#0 a=1 b=0 c=0 | page#0: maps 1 → 2<br>page#1: maps 1 → 2<br>obj#0: vmas\\[1\\] -1 → 1, liveMaps 1 → 2<br>vma#1: new: obj 0, vm 1, bound false, pin 0, ptes \\[-1,-1\\], ptePages \\[-1,-1\\], active 0<br>sg#0: dma 0 → 1<br>m#1: new: dev 0, sg 0, obj 0, iova 2, npages 2, addrs \\[2,3\\], segs \\[2\\], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote \\[false,false\\], step 11<br>iommu#0: owner\\[2..3\\] -1 → 1, used 2 → 4<br>debug: used 1 → 2, cachelines\\[0\\] 1 → 2 |

      </details>

      **Replay:** \`npx dmacheck replay i915-2015-before-e2273302--MAP-SINGLE.json\` (found by fuzz --seed 1: fast-check seed -1640531536, path "3:2:0:0:4:6:6:2:3:3:3")
      "
    `);
  });

  it('renders as one HTML page (style sheet elided here)', () => {
    const html = bugHtml(r).replace(/<style>[\s\S]*<\/style>/, '<style>…</style>');
    expect(html).toMatchInlineSnapshot(`
      "<!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>dmacheck: i915-2015-before-e2273302 breaks MAP-SINGLE</title>
      <style>…</style>
      </head>
      <body>
      <h1>dmacheck: i915-2015-before-e2273302 breaks MAP-SINGLE</h1>
      <p class="note">KERNEL.md B01: every bind maps the pages again</p>
      <section id="violation" class="violated">
      <h2><span class="code">MAP-SINGLE</span> at most one live DMA mapping of an object&#39;s pages per device; a mapped sg table is never mapped again</h2>
      <p class="source">source: commit e2273302 (seed 003, thread seed 000); Documentation/core-api/dma-api.rst</p>
      <p class="where">violated at step 11 (op 3, [U0] vma_bind:insert_node)</p><pre class="message">dma_map_sg on sg#0 of obj#0, which already holds a live mapping: m#0 (iova 0x00000000, 2 pages, BIDIRECTIONAL, mapped at step 5) is overwritten by m#1 (iova 0x00002000, 2 pages, BIDIRECTIONAL, mapped at step 11)</pre>
      </section>
      <p class="policy"><b>policy</b> i915-2015-before-e2273302: maps the sg table again on every VMA bind; unmaps at the last unbind<br><span class="provenance">provenance: commit: before e227330223a7 &quot;drm/i915: avoid leaking DMA mappings&quot;</span><br><span class="source">source: commit e227330223a7721b4284c3921651bd9ca8f3581a fixed it (seed 003; thread seed 000)</span></p>
      <section id="ops"><h2>Operations</h2><ol class="ops"><li><span class="n">1</span> <span class="ctx">[U0]</span> create obj#0 (shmem)</li><li><span class="n">2</span> <span class="ctx">[U0]</span> bind obj#0 into ggtt</li><li class="failing"><span class="n">3</span> <span class="ctx">[U0]</span> bind obj#0 into ppgtt1</li></ol></section>
      <section id="state"><h2>State at the failing step (what step 11 changed)</h2><ul class="changes"><li><span class="entity">page#0</span> maps 1 → 2</li><li><span class="entity">page#1</span> maps 1 → 2</li><li><span class="entity">obj#0</span> vmas[1] -1 → 1, liveMaps 1 → 2</li><li><span class="entity">vma#1</span> <i>new</i> obj 0, vm 1, bound false, pin 0, ptes [-1,-1], ptePages [-1,-1], active 0</li><li><span class="entity">sg#0</span> dma 0 → 1</li><li><span class="entity">m#1</span> <i>new</i> dev 0, sg 0, obj 0, iova 2, npages 2, addrs [2,3], segs [2], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote [false,false], step 11</li><li><span class="entity">iommu#0</span> owner[2..3] -1 → 1, used 2 → 4</li><li><span class="entity">debug</span> used 1 → 2, cachelines[0] 1 → 2</li></ul><h3>obj#0 as it is then</h3><ul class="changes"><li><span class="entity">obj#0</span> backing shmem, npages 2, resv 0, live true, handles 1, refs 1, sg 0, pagesPin 2, pinDisplay 0, bindCount 1, bindPeak 1, vmas [0,1,-1], madv 0, dmabuf -1, ustart -1, useq 2, work -1, workKind -1, workPages [], pagesSeq 2, dirty false, liveMaps 2, active 0</li></ul></section>
      <section id="sequence"><h2>Sequence</h2><table class="seq"><thead><tr><th>step</th><th class="lane-head">U0<small>ioctl</small></th><th>state changes</th></tr></thead><tbody><tr class="op"><td colspan="3">op 1 <span class="ctx">[U0]</span> create obj#0 (shmem)</td></tr>
      <tr class="step" id="step-1" data-ctx="U0"><td class="n">1</td><td class="lane act"><div class="box"><b>create</b>:create</div></td><td class="diff"><ul class="changes"><li><span class="entity">obj#0</span> <i>new</i> backing shmem, npages 2, resv 0, live true, handles 1, refs 0, sg -1, pagesPin 0, pinDisplay 0, bindCount 0, bindPeak 0, vmas [-1,-1,-1], madv 0, dmabuf -1, ustart -1, useq 2, work -1, workKind -1, workPages [], pagesSeq 2, dirty false, liveMaps 0, active 0</li><li><span class="entity">resv#0</span> <i>new</i> owner -1, fences [], usages []</li></ul></td></tr>
      <tr class="op"><td colspan="3">op 2 <span class="ctx">[U0]</span> bind obj#0 into ggtt</td></tr>
      <tr class="step" id="step-2" data-ctx="U0"><td class="n">2</td><td class="lane act"><div class="box"><b>bind</b>:lock<ul class="events"><li>lock_acquire a=7 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">obj#0</span> refs 0 → 1</li><li><span class="entity">mutex#0</span> owner -1 → 0, cls -1 → 7</li><li><span class="entity">ctx#U0</span> ref -1 → 0, held += {&quot;cls&quot;:7,&quot;inst&quot;:0,&quot;trylock&quot;:false,&quot;read&quot;:false,&quot;step&quot;:2,&quot;where&quot;:&quot;bind:lock&quot;}</li></ul></td></tr>
      <tr class="step" id="step-3" data-ctx="U0"><td class="n">3</td><td class="lane act"><div class="box"><b>bind</b>:call</div></td><td class="diff"></td></tr>
      <tr class="step" id="step-4" data-ctx="U0"><td class="n">4</td><td class="lane act"><div class="box"><b>vma_bind</b>:get_pages<ul class="events"><li>alloc a=0 b=0 c=0</li><li>lock_acquire a=3 b=-1 c=0</li><li>get_pages obj#0 a=0 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">page#0</span> <i>new</i> obj 0, free false, gen 0, dirty false, accessed false, maps 0, refs 1, ptes 0, busy 0, ver 1, cache 1, devVer 0, cpuVer 0, cpuDirty false, coherent false</li><li><span class="entity">page#1</span> <i>new</i> obj 0, free false, gen 0, dirty false, accessed false, maps 0, refs 1, ptes 0, busy 0, ver 2, cache 2, devVer 0, cpuVer 0, cpuDirty false, coherent false</li><li><span class="entity">obj#0</span> sg -1 → 0, pagesPin 0 → 1</li><li><span class="entity">sg#0</span> <i>new</i> obj 0, pages [0,1], nents 1, segs [2], att -1, dma -1, freed false</li><li><span class="entity">lockdep</span> deps += {&quot;from&quot;:7,&quot;to&quot;:3,&quot;ctx&quot;:0,&quot;step&quot;:4,&quot;where&quot;:&quot;vma_bind:get_pages&quot;}</li><li><span class="entity">dataVer</span> 0 → 2</li></ul></td></tr>
      <tr class="step" id="step-5" data-ctx="U0"><td class="n">5</td><td class="lane act"><div class="box"><b>vma_bind</b>:insert_node<ul class="events"><li>dma_map_sg obj#0 a=0 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">page#0</span> maps 0 → 1</li><li><span class="entity">page#1</span> maps 0 → 1</li><li><span class="entity">obj#0</span> vmas[0] -1 → 0, liveMaps 0 → 1</li><li><span class="entity">vma#0</span> <i>new</i> obj 0, vm 0, bound false, pin 0, ptes [-1,-1], ptePages [-1,-1], active 0</li><li><span class="entity">sg#0</span> dma -1 → 0</li><li><span class="entity">m#0</span> <i>new</i> dev 0, sg 0, obj 0, iova 0, npages 2, addrs [0,1], segs [2], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote [false,false], step 5</li><li><span class="entity">iommu#0</span> owner[0..1] -1 → 0, used 0 → 2</li><li><span class="entity">debug</span> used 0 → 1, cachelines += 1</li></ul></td></tr>
      <tr class="step" id="step-6" data-ctx="U0"><td class="n">6</td><td class="lane act"><div class="box"><b>vma_bind</b>:write_ptes<ul class="events"><li>pte_write obj#0 a=0 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">page#0</span> ptes 0 → 1</li><li><span class="entity">page#1</span> ptes 0 → 1</li><li><span class="entity">obj#0</span> bindCount 0 → 1, bindPeak 0 → 1</li><li><span class="entity">vma#0</span> bound false → true, ptes[0] -1 → 0, ptes[1] -1 → 1, ptePages[0] -1 → 0, ptePages[1] -1 → 1</li></ul></td></tr>
      <tr class="step" id="step-7" data-ctx="U0"><td class="n">7</td><td class="lane act"><div class="box"><b>bind</b>:unlock</div></td><td class="diff"><ul class="changes"><li><span class="entity">obj#0</span> refs 1 → 0</li><li><span class="entity">mutex#0</span> owner 0 → -1</li><li><span class="entity">ctx#U0</span> ref 0 → -1, held [{&quot;cls&quot;:7,&quot;inst&quot;:0,&quot;trylock&quot;:false,&quot;read&quot;:false,&quot;step&quot;:2,&quot;where&quot;:&quot;bind:lock&quot;}] → []</li></ul></td></tr>
      <tr class="op"><td colspan="3">op 3 <span class="ctx">[U0]</span> bind obj#0 into ppgtt1</td></tr>
      <tr class="step" id="step-8" data-ctx="U0"><td class="n">8</td><td class="lane act"><div class="box"><b>bind</b>:lock<ul class="events"><li>lock_acquire a=7 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">obj#0</span> refs 0 → 1</li><li><span class="entity">mutex#0</span> owner -1 → 0</li><li><span class="entity">ctx#U0</span> ref -1 → 0, held += {&quot;cls&quot;:7,&quot;inst&quot;:0,&quot;trylock&quot;:false,&quot;read&quot;:false,&quot;step&quot;:8,&quot;where&quot;:&quot;bind:lock&quot;}</li></ul></td></tr>
      <tr class="step" id="step-9" data-ctx="U0"><td class="n">9</td><td class="lane act"><div class="box"><b>bind</b>:call</div></td><td class="diff"></td></tr>
      <tr class="step" id="step-10" data-ctx="U0"><td class="n">10</td><td class="lane act"><div class="box"><b>vma_bind</b>:get_pages</div></td><td class="diff"><ul class="changes"><li><span class="entity">obj#0</span> pagesPin 1 → 2</li></ul></td></tr>
      <tr class="step failing" id="step-11" data-ctx="U0"><td class="n">11</td><td class="lane act"><div class="box"><b>vma_bind</b>:insert_node<ul class="events"><li>dma_map_sg obj#0 a=1 b=1 c=1</li><li>dma_debug_overlap obj#0 a=1 b=0 c=0</li></ul></div></td><td class="diff"><ul class="changes"><li><span class="entity">page#0</span> maps 1 → 2</li><li><span class="entity">page#1</span> maps 1 → 2</li><li><span class="entity">obj#0</span> vmas[1] -1 → 1, liveMaps 1 → 2</li><li><span class="entity">vma#1</span> <i>new</i> obj 0, vm 1, bound false, pin 0, ptes [-1,-1], ptePages [-1,-1], active 0</li><li><span class="entity">sg#0</span> dma 0 → 1</li><li><span class="entity">m#1</span> <i>new</i> dev 0, sg 0, obj 0, iova 2, npages 2, addrs [2,3], segs [2], kind sg, att -1, bounce null, nents 1, mappedEnts 1, dir 0, attrs 0, errChecked true, live true, devWrote [false,false], step 11</li><li><span class="entity">iommu#0</span> owner[2..3] -1 → 1, used 2 → 4</li><li><span class="entity">debug</span> used 1 → 2, cachelines[0] 1 → 2</li></ul></td></tr></tbody></table></section>
      <footer><code>npx dmacheck replay i915-2015-before-e2273302--MAP-SINGLE.json</code><br>found by fuzz --seed 1: fast-check seed -1640531536, path &quot;3:2:0:0:4:6:6:2:3:3:3&quot;</footer>
      </body>
      </html>
      "
    `);
  });

  it('shows the page a violation is about beside its object: what RAM, the CPU cache and the device hold', () => {
    const p = policies['nouveau-2015-before-996f545fbb0d'];
    const trace: Trace = {
      ...B01_TRACE,
      policy: p.name,
      expect: { code: 'BOUNCE-COHERENT' },
      note: '996f545fbb0d: a polled fence BO',
      config: configFor(p),
      ops: [S.create(), S.execbuf(0, 0, true), S.signal(), S.mmapAccess(0, 'poll')].map(traceOp),
    };
    const report = bugReport(trace, p);
    expect(report.focus.map((e) => e.name)).toEqual(['obj#0', 'page#0']);
    const text = bugText(report);
    expect(text).toMatch(
      /page#0 as it is then:\n {2}obj 0, .* ver 3, cache 1, devVer 3, cpuVer 0, cpuDirty false,\s+coherent false/s,
    );
    expect(bugMarkdown(report)).toContain('**page#0** as it is then:');
    expect(bugHtml(report)).toContain('<h3>page#0 as it is then</h3>');
    // A violation about an object only (MAP-SINGLE) shows the object alone.
    expect(r.focus.map((e) => e.name)).toEqual(['obj#0']);
  });
});
