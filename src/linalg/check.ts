/** Argument checks shared by the kernel implementations (cheap: O(1) per call). */
import { throwBadDimension, throwShortOperand } from "../messages/linalg.js";

/** Throws unless `value` is a non-negative integer. */
export function checkDim(kernel: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throwBadDimension(kernel, name, value);
}

/** Throws unless `x` holds at least rows·cols numbers. */
export function checkLength(kernel: string, name: string, x: Float64Array, rows: number, cols: number): void {
  if (x.length < rows * cols) throwShortOperand(kernel, name, rows, cols, x.length);
}
