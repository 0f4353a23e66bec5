/** Escapes a string for HTML and XML text and attribute values: `& < > " '`. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Characters XML 1.0 cannot hold at all (control characters but tab, newline, carriage return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it removes
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Escapes for XML, dropping characters XML cannot represent. */
export function escapeXml(s: string): string {
  return escapeHtml(s.replace(XML_INVALID, '\ufffd'));
}

/**
 * Inline markdown text (a table cell, a sentence): markdown and HTML syntax shown literally, and
 * on one line, so a string cannot open a link, an HTML tag or a new table row.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n|\r/g, ' ');
}

/** A fenced code block that no backtick run inside `s` can close. */
export function markdownFence(s: string, lang = 'text'): string {
  const longest = Math.max(2, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${s}\n${fence}`;
}
