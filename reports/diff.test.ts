import { describe, expect, it } from 'vitest';
import {
  type ContextId,
  createWorld,
  type MappingId,
  newFrame,
  type ObjectId,
  type PageId,
  type World,
} from '../model/index.ts';
import { diffWorld, entityName, fieldText } from './diff.ts';

const lines = (before: World, after: World) =>
  diffWorld(before, after).map(
    (c) => `${c.name}${c.created ? ' new' : ''}: ${c.fields.map((f) => fieldText(f)).join(', ')}`,
  );

describe('diffWorld', () => {
  it('names each changed entity by its array and index, and lists the fields that changed', () => {
    const a = createWorld();
    const b = structuredClone(a);
    b.step = 7;
    b.debug.used = 2;
    b.iommus[0]?.owner.fill(3 as MappingId, 4, 6);
    b.contexts[1] = { ...(b.contexts[1] as World['contexts'][number]), ref: 0 as ObjectId, stack: [] };
    expect(lines(a, b)).toEqual(['iommu#0: owner[4..5] -1 -> 3', 'debug: used 0 -> 2', 'ctx#U1: ref -1 -> 0']);
  });

  it('shows an entity of a kind it has never heard of, named by its array', () => {
    const a = { ...createWorld(), dmabufs: [] } as unknown as World;
    const b = { ...structuredClone(a), dmabufs: [{ id: 0, exporter: 2, attachments: [] }] } as unknown as World;
    expect(lines(a, b)).toEqual(['dmabuf#0 new: exporter 2, attachments []']);
    expect(entityName('attachments', 1)).toBe('attachment#1');
    expect(entityName('notifier_ranges', 0)).toBe('notifier_range#0');
    expect(entityName('mutexes', 0)).toBe('mutex#0');
    expect(entityName('objects', 2)).toBe('obj#2');
  });

  it('shows what a list grew by, a field of an entity or a list of the world itself', () => {
    const a = createWorld();
    const b = structuredClone(a);
    b.freePages.push(0 as PageId, 1 as PageId);
    b.lockdep.deps.push({ from: 7, to: 3, ctx: 0 as ContextId, step: 4, where: 'vma_bind:get_pages' });
    expect(lines(a, b)).toEqual([
      'freePages: += 0, += 1',
      'lockdep: deps += {"from":7,"to":3,"ctx":0,"step":4,"where":"vma_bind:get_pages"}',
    ]);
  });

  it('leaves out what does not change or always changes: the config, the step, the stacks', () => {
    const a = createWorld();
    const b = structuredClone(a);
    b.step = 3;
    b.contexts[0]?.stack.push(newFrame('bind', 0, 0, 0));
    expect(diffWorld(a, b)).toEqual([]);
  });
});
