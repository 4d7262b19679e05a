/**
 * Errors of a notebook cell as Jupyter `error` outputs (ename, evalue, traceback), for the
 * lme4ts kernel (`main.mjs`). Kept apart from the kernel so that it can be unit-tested.
 */
/** A stack line inside lme4ts's build, a package, Node itself or this kernel: not shown. */
const INTERNAL = /[\\/]node_modules[\\/]|[\\/]dist[\\/]|\(node:|^\s*at node:|[\\/]kernel[\\/]main\.mjs/;
/**
 * ename, evalue and a short traceback for the errors of a failed cell: TypeScript diagnostics
 * become a CompileError listing them; a thrown Error its name and message, with the stack lines
 * of the cell's own code (frames in dist/, node_modules, node internals and the kernel dropped).
 * `stderr` (what the cell wrote there) is the fallback when nothing was recorded.
 */
export function describeErrors(errors, stderr = "") {
  const diags = errors.filter((e) => e && typeof e === "object" && "diagnostic" in e).map((e) => e.diagnostic);
  if (diags.length > 0) return { ename: "CompileError", evalue: diags[0].replace(/^\S*__tslab__\.ts\s*/, ""), traceback: diags };
  const e = errors.find((x) => !(x && typeof x === "object" && "diagnostic" in x));
  if (e instanceof Error || (e && typeof e === "object" && typeof e.message === "string")) {
    const ename = e.name || e.constructor?.name || "Error";
    const head = `${ename}: ${e.message}`;
    const frames = String(e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l) && !INTERNAL.test(l));
    return { ename, evalue: String(e.message), traceback: [head, ...frames] };
  }
  if (e !== undefined) return { ename: "Error", evalue: String(e), traceback: [`Error: ${String(e)}`] };
  const lines = stderr.trimEnd().split("\n").filter((l) => l !== "");
  const last = lines[lines.length - 1] ?? "the cell failed";
  return { ename: "Error", evalue: last, traceback: lines.length ? lines : [last] };
}
