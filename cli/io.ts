import { InvalidArgumentError } from 'commander';

/** Where the CLI writes; tests pass their own. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** stderr is a terminal (progress bars only then). */
  readonly isTty: boolean;
  /** The terminal stream progress bars draw on (stderr); absent in tests that do not look at them. */
  readonly progressStream?: NodeJS.WritableStream | undefined;
  /**
   * Subscribes to Ctrl-C for the duration of a long command; returns the unsubscribe function.
   * Absent: Ctrl-C keeps its default meaning.
   */
  readonly onInterrupt?: ((handler: () => void) => () => void) | undefined;
  /** What `dmacheck trace -` reads; absent: the process's standard input. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
}

/** Bad input: reported as one line, exit code 2. */
export class UsageError extends Error {}

/** Commander argument parser for an integer within bounds. */
export function intArg(min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`expected an integer, got "${value}".`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got ${value}.`);
    }
    return n;
  };
}

/** The process's own streams and signals. */
export function defaultIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    isTty: process.stderr.isTTY === true,
    progressStream: process.stderr,
    onInterrupt: (handler) => {
      let count = 0;
      // The first Ctrl-C asks the command to stop and write what it has; a second one quits now.
      const onSigint = () => {
        if (++count > 1) process.exit(130);
        handler();
      };
      process.on('SIGINT', onSigint);
      return () => void process.off('SIGINT', onSigint);
    },
  };
}
