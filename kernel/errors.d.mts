/** Types of kernel/errors.mjs (the kernel is plain JavaScript; tests import it from TypeScript). */
export interface JupyterError {
  ename: string;
  evalue: string;
  traceback: string[];
}
/** See kernel/errors.mjs. */
export function describeErrors(errors: readonly unknown[], stderr?: string): JupyterError;
