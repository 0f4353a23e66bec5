import { describe, expect, it } from 'vitest';
import { wrap } from './wrap.ts';

describe('wrap', () => {
  it('wraps at word boundaries with a hanging indent', () => {
    expect(wrap('aa bb cc dd', '- ', '  ', 8)).toEqual(['- aa bb', '  cc dd']);
  });

  it('cuts a word longer than a line, so no line exceeds the width', () => {
    const lines = wrap(`path ${'1:'.repeat(40)}`, '  ', '  ', 20);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
    expect(lines.join('').replace(/\s/g, '')).toBe(`path${'1:'.repeat(40)}`);
  });

  it('keeps the prefix of an empty text', () => {
    expect(wrap('', 'x: ')).toEqual(['x:']);
  });
});
