import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ftraceLog } from '../bench/ftrace-log.ts';
import { checkLines } from './reader.ts';
import { checkFile } from './stream.ts';
import { kline } from './trace-testing.ts';

describe('checkFile', () => {
  // A log of several 256 KiB chunks, with a leak and a bad unmap, so that lines straddle chunks.
  const lines = [...ftraceLog(6000)];
  lines.splice(
    3001,
    0,
    kline('dma_map_phys', '0000:09:00.0 dir=TO_DEVICE dma_addr=1000 size=64 phys_addr=9000 attrs='),
    kline('dma_unmap_phys', '0000:09:00.0 dir=FROM_DEVICE dma_addr=1000 size=64 attrs='),
    kline('dma_map_phys', '0000:09:00.0 dir=TO_DEVICE dma_addr=2000 size=64 phys_addr=a000 attrs='),
  );
  const want = checkLines('log', lines);
  const same = (r: ReturnType<typeof checkLines>) => ({ ...r, file: 'log' });

  it('reads a file of many chunks, with \\n or \\r\\n and no final newline, as the lines themselves', async () => {
    expect(want.errors).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'dmacheck-stream-'));
    for (const [name, text] of [
      ['lf.txt', `${lines.join('\n')}\n`],
      ['crlf.txt', lines.join('\r\n')],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, text);
      expect(same(await checkFile(path))).toEqual(want);
    }
  });

  it('reads standard input delivered in pieces cut anywhere', async () => {
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 1009) pieces.push(bytes.subarray(at, at + 1009));
    expect(same(await checkFile('-', {}, Readable.from(pieces)))).toEqual(want);
  });
});
