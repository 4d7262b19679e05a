import { LmeError } from "./error.js";

/**
 * Throws when a dense-kernel operand is shorter than its stated shape (a programming error
 * in the caller, not a user error): names the operand and the sizes.
 */
export function throwShortOperand(kernel: string, operand: string, rows: number, cols: number, length: number): never {
  throw new LmeError(
    "usage",
    `${kernel}: operand ${operand} should hold a ${rows}×${cols} column-major matrix ` +
      `(${rows * cols} numbers) but has only ${length}; pass a Float64Array of at least that length.`,
  );
}

/** Throws when a dimension passed to a dense kernel is not a non-negative integer. */
export function throwBadDimension(kernel: string, name: string, value: number): never {
  throw new LmeError("usage", `${kernel}: dimension ${name} = ${value} must be a non-negative integer.`);
}
