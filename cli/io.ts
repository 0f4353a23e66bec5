import { InvalidArgumentError } from 'commander';

/** Where the CLI writes; tests pass their own. */
export interface Io {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  /** stderr is a terminal (progress bars only then). */
  readonly isTty: boolean;
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
