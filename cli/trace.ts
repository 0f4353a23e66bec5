import { type Command, Option } from 'commander';
import { checkFile, TraceInputError, type TraceReport, traceJson, traceMarkdown, traceText } from '../ftrace/index.ts';
import { traceHtml } from '../reports/index.ts';
import { type Io, UsageError } from './io.ts';

const FORMATS = ['text', 'md', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface TraceFlags {
  json?: boolean;
  format: Format;
  fromStart?: boolean;
}

/**
 * `dmacheck trace FILE... | -`: checks ftrace logs of a real kernel (the text of `trace-cmd report`
 * or /sys/kernel/tracing/trace) against the DMA-API, IOMMU and dma_fence rules. Exit 1 when a
 * trace breaks one (warnings alone do not count), 0 when clean, 2 on a missing or binary file.
 */
export function traceCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('trace')
    .description(
      'check ftrace logs of the dma, iommu and dma_fence events (trace-cmd report or /sys/kernel/tracing/trace text):\n' +
        'exit 1 if one breaks a rule, 0 if clean (warnings allowed), 2 on a bad file',
    )
    .argument('<files...>', 'trace text files; - reads standard input')
    .option('--json', 'machine-readable output (same as --format json)')
    .addOption(
      new Option('--format <format>', 'text, md (markdown), html (one self-contained page) or json')
        .choices(FORMATS)
        .default('text'),
    )
    .option(
      '--from-start',
      'the trace covers every mapping from its first (events enabled at boot): unmaps and syncs of addresses it never mapped are errors, not warnings',
    )
    .action(async (files: string[], flags: TraceFlags) => {
      if (files.filter((f) => f === '-').length > 1) throw new UsageError('- (standard input) can be given once');
      const format: Format = flags.json === true ? 'json' : flags.format;
      const reports: TraceReport[] = [];
      for (const f of files) {
        try {
          reports.push(await checkFile(f, { fromStart: flags.fromStart === true }, io.stdin ?? process.stdin));
        } catch (e) {
          if (e instanceof TraceInputError) throw new UsageError(e.message);
          throw e;
        }
      }
      if (format === 'json') io.out(`${JSON.stringify({ traces: reports.map(traceJson) }, null, 2)}\n`);
      else if (format === 'html') io.out(traceHtml(reports));
      else io.out(reports.map(format === 'md' ? traceMarkdown : traceText).join('\n'));
      done(reports.some((r) => r.errors > 0) ? 1 : 0);
    });
}
