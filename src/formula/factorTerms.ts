/**
 * Factor-making formula terms: `cut(x, breaks)` (R's interval labels, e.g. "(0,10]") and
 * `interaction(f, g)` (levels "a.x", first factor varying fastest). Their levels are those
 * present in the frame (lme4's model frame drops unused levels); on new data the fixed design
 * matches levels by their labels, so the same breaks give the same columns.
 */
import type { Column, FactorColumn, Frame } from "../data/types.js";
import { badTermArgument } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import type { Expr } from "./types.js";

type Call = Extract<Expr, { type: "call" }>;

/** C's `%.{digits}g` (R's `formatC(x, digits, width = 1)`): 0.5 → "0.5", 1e5 → "1e+05", 10 → "10", Inf → " Inf". */
export function formatG(x: number, digits: number): string {
  // R's formatC pads Inf to the width of "-Inf": cut(x, c(0, Inf)) is labelled "(0, Inf]"
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? " Inf" : "-Inf";
  if (x === 0) return "0";
  const ex = x.toExponential(digits - 1);
  const k = ex.indexOf("e");
  const exp = Number(ex.slice(k + 1));
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exp < -4 || exp >= digits) return `${strip(ex.slice(0, k))}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return strip(x.toFixed(Math.max(0, digits - 1 - exp)));
}

/**
 * A constant call argument: a number, -number, Inf, c(...) of numbers, or TRUE/FALSE/T/F; anything
 * else throws LmeError naming the term and the argument (a formula cannot see session variables).
 */
export function constant(term: string, name: string, e: Expr): number[] | boolean {
  if (e.type === "num") return [e.value];
  if (e.type === "paren") return constant(term, name, e.expr);
  if (e.type === "unary") {
    const v = constant(term, name, e.arg);
    if (typeof v !== "boolean") return e.op === "-" ? v.map((x) => -x) : v;
  }
  if (e.type === "var" && (e.name === "TRUE" || e.name === "T")) return true;
  if (e.type === "var" && (e.name === "FALSE" || e.name === "F")) return false;
  if (e.type === "var" && e.name === "Inf") return [Infinity];
  if (e.type === "call" && e.fn === "c")
    return e.args.flatMap((a) => {
      const v = constant(term, name, a);
      if (typeof v === "boolean") throw badTermArgument(term, `'${name}' must be numbers`);
      return v;
    });
  throw badTermArgument(term, `'${name}' must be a constant (numbers or TRUE/FALSE), not '${deparse(e)}'`);
}

/** R's argument matching for `formals` (x first): named, then positional in order. */
export function matchArgs(e: Call, formals: readonly string[]): Map<string, Expr> {
  const term = deparse(e);
  const out = new Map<string, Expr>();
  const positional: Expr[] = [];
  for (const a of e.args) {
    if (a.type === "named") {
      if (!formals.includes(a.name)) throw badTermArgument(term, `unknown argument '${a.name}'; ${e.fn}() takes ${formals.join(", ")}`);
      if (out.has(a.name)) throw badTermArgument(term, `argument '${a.name}' given twice`);
      out.set(a.name, a.value);
    } else positional.push(a);
  }
  const free = formals.filter((f) => !out.has(f));
  if (positional.length > free.length) throw badTermArgument(term, `too many arguments; ${e.fn}() takes ${formals.join(", ")}`);
  positional.forEach((a, i) => out.set(free[i]!, a));
  if (!out.has("x")) throw badTermArgument(term, "the variable (first argument) is missing");
  return out;
}

/**
 * R's `cut(x, breaks, right = TRUE, include.lowest = FALSE)` with break points given: intervals
 * "(a,b]" ("[a,b)" for right = FALSE; the first (last) closed with include.lowest), break labels
 * by formatC with 3 significant digits (more when two labels would coincide, as R's dig.lab loop);
 * x outside every interval is missing. A number of intervals (`breaks = 3`) is refused: its break
 * points depend on the data and R recomputes them on new data.
 */
export function cutColumn(e: Call, x: Float64Array, name: string): FactorColumn {
  const term = deparse(e);
  const args = matchArgs(e, ["x", "breaks", "labels", "include.lowest", "right", "dig.lab"]);
  if (args.has("labels")) throw badTermArgument(term, "'labels' is not supported; the intervals are labelled as R's default");
  const b = args.get("breaks");
  if (!b) throw badTermArgument(term, "'breaks' is missing: give the break points, e.g. cut(x, c(0, 10, 20))");
  const bv = constant(term, "breaks", b);
  if (typeof bv === "boolean") throw badTermArgument(term, "'breaks' must be numbers");
  if (bv.length < 2)
    throw badTermArgument(term, "give at least two break points, e.g. c(0, 10, 20); a number of intervals depends on the data (R recomputes it on new data), so it is not accepted");
  const breaks = [...bv].sort((u, v) => u - v);
  for (let i = 1; i < breaks.length; i++) if (breaks[i] === breaks[i - 1]) throw badTermArgument(term, `'breaks' are not unique (${breaks[i]})`);
  const flag = (n: string, d: boolean) => {
    const a = args.get(n);
    if (!a) return d;
    const v = constant(term, n, a);
    if (typeof v !== "boolean") throw badTermArgument(term, `'${n}' must be TRUE or FALSE`);
    return v;
  };
  const right = flag("right", true);
  const lowest = flag("include.lowest", false);
  const dl = args.get("dig.lab");
  const dv = dl ? constant(term, "dig.lab", dl) : [3];
  if (typeof dv === "boolean" || dv.length !== 1 || !Number.isInteger(dv[0]!) || dv[0]! < 1) throw badTermArgument(term, "'dig.lab' must be a positive integer");
  const k = breaks.length - 1;
  let nb: string[] = [];
  for (let dig = dv[0]!; dig <= Math.max(12, dv[0]!); dig++) {
    nb = breaks.map((v) => formatG(v, dig));
    if (nb.every((s, i) => i === 0 || s !== nb[i - 1])) break;
  }
  const all = Array.from({ length: k }, (_, i) => {
    let open = right ? "(" : "[";
    let close = right ? "]" : ")";
    if (lowest && right && i === 0) open = "[";
    if (lowest && !right && i === k - 1) close = "]";
    return `${open}${nb[i]},${nb[i + 1]}${close}`;
  });
  const interval = new Int32Array(x.length);
  const used = new Array<boolean>(k).fill(false);
  for (let r = 0; r < x.length; r++) {
    const v = x[r]!;
    let c = -1;
    if (!Number.isNaN(v))
      for (let i = 0; i < k; i++) {
        const lo = breaks[i]!, hi = breaks[i + 1]!;
        const inside = right ? (v > lo || (lowest && i === 0 && v === lo)) && v <= hi : v >= lo && (v < hi || (lowest && i === k - 1 && v === hi));
        if (inside) {
          c = i;
          break;
        }
      }
    interval[r] = c;
    if (c >= 0) used[c] = true;
  }
  const keep = all.map((_, i) => i).filter((i) => used[i]);
  const recode = new Map(keep.map((i, j) => [i, j]));
  const codes = interval.map((c) => (c < 0 ? -1 : recode.get(c)!));
  return { kind: "factor", name, codes, levels: keep.map((i) => all[i]!), ordered: false };
}

/**
 * R's `interaction(f, g, ...)`: one level per combination, labels joined by ".", the first factor
 * varying fastest (R's default lex.order = FALSE); only combinations present are kept, as lme4's
 * model frame drops unused levels. A missing value in any factor makes the row missing.
 */
export function interactionColumn(parts: readonly Column[], name: string): FactorColumn {
  const n = parts[0]?.kind === "factor" ? parts[0].codes.length : parts[0]!.values.length;
  const fs = parts.map((p) => {
    if (p.kind === "factor") return p;
    throw badTermArgument(name, `'${p.name}' is numeric; interaction() takes factors (wrap it in factor())`);
  });
  const key = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let kk = 0;
    let mult = 1;
    for (const f of fs) {
      const c = f.codes[r]!;
      if (c < 0) {
        kk = -1;
        break;
      }
      kk += c * mult;
      mult *= f.levels.length;
    }
    key[r] = kk;
  }
  const present = [...new Set(Array.from(key).filter((v) => v >= 0))].sort((a, b) => a - b);
  const index = new Map(present.map((v, i) => [v, i]));
  const levels = present.map((v) => {
    const labs: string[] = [];
    for (const f of fs) {
      labs.push(f.levels[v % f.levels.length]!);
      v = Math.floor(v / f.levels.length);
    }
    return labs.join(".");
  });
  const codes = Int32Array.from(key, (v) => (v < 0 ? -1 : index.get(v)!));
  return { kind: "factor", name, codes, levels, ordered: false };
}
