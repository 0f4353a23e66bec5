/**
 * A kernel WARN_ON / BUG_ON / lockdep splat a primitive raises when the policy breaks the rule it
 * guards (an unbalanced unpin, a put of a page with no reference, an unlock of a lock not held).
 * The engine turns it into a `WARN-ON` violation, shrunk and reported like any other: the kernel
 * would have printed it. Any other exception from a step is a bug in the policy's own code.
 * @category Programs and policies
 */
export class KernelWarning extends Error {
  override readonly name = 'KernelWarning';
}

/** Raises the kernel warning `message` (never returns). @category Programs and policies */
export function kernelWarn(message: string): never {
  throw new KernelWarning(message);
}

/**
 * An exception thrown by a policy's own code (a TypeError in a step, a program that is not
 * defined): not a finding about the driver but a bug in its model. The CLI prints it as one line
 * (with `--debug`, the stack) and exits 2.
 * @category Programs and policies
 */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  /** The exception the policy's code threw. */
  override readonly cause: unknown;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.cause = cause;
  }
}
