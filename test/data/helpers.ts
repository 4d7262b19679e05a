import type { Frame } from "../../src/data/index.js";
import { lmeErrorOf } from "../helpers.js";

/** A plain, comparable picture of a Frame (typed arrays as plain arrays, NaN kept). */
export function snapshot(f: Frame): unknown {
  return {
    nrow: f.nrow,
    names: [...f.names],
    columns: f.names.map((n) => {
      const c = f.columns.get(n)!;
      return c.kind === "numeric"
        ? { kind: c.kind, name: c.name, values: Array.from(c.values) }
        : { kind: c.kind, name: c.name, codes: Array.from(c.codes), levels: [...c.levels], ordered: c.ordered };
    }),
  };
}

/** Run `fn`, expecting an LmeError; return its message. */
export function errorOf(fn: () => unknown): string {
  return lmeErrorOf(fn).message;
}
