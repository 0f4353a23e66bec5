import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, escapeXml, markdownFence } from './escape.ts';

describe('escape', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('drops what XML cannot hold', () => {
    expect(escapeXml('a\u0000b<')).toBe('a\ufffdb&lt;');
  });

  it('keeps markdown and HTML syntax literal, on one line', () => {
    expect(escapeMarkdown('[x](javascript:1) | <img> *b*\nrow')).toBe('\\[x\\](javascript:1) \\| &lt;img> \\*b\\* row');
  });

  it('fences code with more backticks than it holds', () => {
    expect(markdownFence('a ``` b')).toBe('````text\na ``` b\n````');
  });
});
