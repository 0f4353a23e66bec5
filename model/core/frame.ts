import { NONE } from './ids.ts';

/**
 * One activation of a program: which program, where in it, its arguments and its locals. Plain
 * data with a fixed shape (every frame has every field), so the engine's step loop stays
 * monomorphic and a world holding in-flight operations can still be cloned and hashed.
 *
 * Field names are registers with a conventional meaning; a policy may use them as it likes.
 * @category Programs and policies
 */
export interface Frame {
  /** Name of the program in the policy's program table. */
  prog: string;
  /** Index of the next step to run. */
  pc: number;
  /** Argument: the object the operation is about. */
  obj: number;
  /** Argument: the address space. */
  vm: number;
  /** Argument: op-specific (backing kind, write flag, shrink flags, ...). */
  arg: number;
  /** Local: a VMA. */
  vma: number;
  /** Local: a fence. */
  fence: number;
  /** Local: loop cursor. */
  i: number;
  /** Local: a saved sequence number or token. */
  seq: number;
  /** Return value of the last program this frame called (0 or -errno). */
  ret: number;
  /** Local: a scratch list (gathered pages, objects to lock, ...). */
  list: number[];
}

/**
 * A frame for a call of program `prog` on (`obj`, `vm`, `arg`), at its first step, every local empty.
 * @category Programs and policies
 */
export function newFrame(prog: string, obj: number, vm: number, arg: number): Frame {
  return {
    prog,
    pc: 0,
    obj,
    vm,
    arg,
    vma: NONE,
    fence: NONE,
    i: 0,
    seq: 0,
    ret: 0,
    list: [],
  };
}
