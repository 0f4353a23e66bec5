import { describe, expect, it } from 'vitest';
import { readTrace } from '../fuzz/index.ts';
import { type Op, opSpecsOf, PLATFORMS, type Policy } from '../model/index.ts';
import { policies } from '../policies/index.ts';
import { bugReport } from './bug.ts';
import { bugHtml } from './bug-html.ts';
import { bugMarkdown } from './bug-markdown.ts';
import { opDescription } from './ops.ts';

const op = (kind: string, arg = 0, vm = 0): Op => ({ kind, ctx: 0, obj: 0, vm, arg, run: 0 }) as unknown as Op;
const words = (name: keyof typeof policies, o: Op) => opDescription(o, -1, opSpecsOf(policies[name] as Policy));

describe("reports in the driver's words", () => {
  it('names submission and CPU access as each driver does', () => {
    expect(words('vmwgfx-intel-iommu-proxy', op('mmap_access'))).toBe(
      'CPU reads buffer obj#0 through its mmap, between synccpu grab and synccpu release',
    );
    expect(words('vmwgfx-intel-iommu-proxy', op('execbuf', 1))).toBe('execbuf: the SVGA device writes buffer obj#0');
    expect(words('nouveau-2015-before-996f545fbb0d', op('execbuf'))).toBe(
      'pushbuf: GPU reads obj#0 (DRM_NOUVEAU_GEM_PUSHBUF)',
    );
    expect(words('nouveau-2015-before-996f545fbb0d', op('mmap_access', 1))).toContain('between CPU_PREP and CPU_FINI');
  });

  it("keeps i915's words for a policy that declares none", () => {
    expect(words('i915-2015-e2273302', op('execbuf'))).toBe('execbuf: GPU reads obj#0 through ggtt');
    expect(words('corpus-partial-sync', op('mmap_access'))).toBe(
      'CPU reads obj#0 through its mmap, between CPU_PREP and CPU_FINI',
    );
  });

  it("names devices as the platform does, else as the default world's", () => {
    const attach = op('attach', 0, 1);
    expect(opDescription(attach, -1)).toBe("amdgpu 0000:03:00.0 attaches to obj#0's dma-buf");
    const other = [...PLATFORMS['x86-vmware-sev'].devices];
    other[1] = { ...(other[1] as (typeof other)[number]), name: '0000:0b:00.0' };
    expect(opDescription(attach, -1, undefined, other)).toBe("amdgpu 0000:0b:00.0 attaches to obj#0's dma-buf");
  });

  it("heads the sequence diagram's GPU lane with the platform's GPU", () => {
    const t = readTrace('regressions/vmwgfx-intel-iommu-proxy--BOUNCE-COHERENT--x86-vmware-sev.json');
    if (!t.ok) throw new Error(t.error);
    const r = bugReport(t.trace, policies['vmwgfx-intel-iommu-proxy']);
    expect(r.gpu).toBe('vmwgfx 0000:00:0f.0');
    expect(bugHtml(r)).toContain('<small>GPU vmwgfx 0000:00:0f.0</small>');
    expect(bugMarkdown(r)).toContain('synccpu grab');
  });
});
