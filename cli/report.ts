import { type Command, Option } from 'commander';
import { ftraceOfTrace } from '../ftrace/index.ts';
import { bugReport, REPORT_FORMAT_NAMES, REPORT_FORMATS, type ReportFormat } from '../reports/index.ts';
import { type Io, UsageError } from './io.ts';
import { guarded, isOwnPolicy, loadTraceFile, type PolicyOverride, policyForTrace } from './trace-input.ts';

interface ReportFlags extends PolicyOverride {
  format: ReportFormat | 'ftrace';
}

/** `dmacheck report FILE --format text|md|html|json`: renders a trace's bug report on stdout. */
export function reportCommand(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('report')
    .description('replay a trace file and print its bug report (text fits 72 columns; html is one offline page)')
    .argument('<file>', 'a trace file (see regressions/README.md)')
    .addOption(
      new Option('--format <format>', 'text, markdown, html, the trace as json, or its DMA events as an ftrace log')
        .choices([...REPORT_FORMAT_NAMES, 'ftrace'])
        .default('text'),
    )
    .option('--policy <name>', 'replay on this built-in policy instead of the one the trace names')
    .option('--policy-file <path>', 'replay on the policy this module exports')
    .action(async (file: string, flags: ReportFlags) => {
      const trace = loadTraceFile(file);
      const policy = await policyForTrace(file, trace, flags);
      const report = guarded(file, () => bugReport(trace, policy));
      if (isOwnPolicy(flags, trace, policy) && report.divergence !== null) {
        throw new UsageError(`${file}: ${report.divergence}`);
      }
      io.out(flags.format === 'ftrace' ? ftraceOfTrace(trace, policy) : REPORT_FORMATS[flags.format].render(report));
      done(0);
    });
}
