/**
 * Smooth terms `s(x, bs = "cr", k = 10)` or `bs = "ps"` (mgcv's `s()` as gamm4 fits them): parsed here into two
 * parts, both ordinary model terms, so that the engine needs no branch for them.
 *
 * - the **fixed part**: the unpenalized null space of the spline's penalty after the
 *   sum-to-zero constraint (for "cr" and "ps" one column, linear in x), a fixed-effect
 *   term whose single column is named `s(x)Fx1` (gamm4 prints `Xs(x)Fx1`: its fixed effects all
 *   carry the prefix `X` of its internal formula `y ~ X - 1`; we keep R's usual names);
 * - the **random part**: the penalized columns, reparameterized so that the penalty is the
 *   identity, as one random-effects term with a homogeneous diagonal covariance σ²ₛ I over a
 *   pseudo grouping factor with a single level; the term and the group are named `s(x)` (gamm4's
 *   variance component is called `Xr` with column `s(x)`), its columns `s(x)1`, `s(x)2`, ….
 *
 * The basis itself is learned on the training frame by `model/smooth/` and kept for new data.
 * Both parts are calls to `s` carrying a hidden argument `.part = fixed | random`.
 */
import { badTermArgument, formulaErrorAt, invalidTerm } from "../messages/formula.js";
import { deparse } from "./deparse.js";
import { checkArithmetic } from "./expand.js";
import type { Expr, RandomTermSpec } from "./types.js";

type Call = Extract<Expr, { type: "call" }>;

/** The spline bases `s()` accepts (mgcv's names): cubic regression splines and P-splines. */
export const SMOOTH_BASES: readonly string[] = ["cr", "ps"];

/** A parsed `s()` term: its variable, basis and basis dimension. */
export interface SmoothSpec {
  /** mgcv's label, `s(x)`. */
  readonly label: string;
  /** The smoothed variable (arithmetic on columns). */
  readonly x: Expr;
  /** The basis: "cr" (cubic regression spline, knots at quantiles of the unique x) or "ps" (P-spline). */
  readonly bs: string;
  /** The basis dimension k (number of knots for "cr"; mgcv's default 10). */
  readonly k: number;
  /**
   * A factor `by`: one smooth per level (per level after the first for an ordered factor), each
   * with its own smoothing variance, labelled `s(x):fA` (mgcv's label), all with the knots,
   * penalty and centring constraint of the smooth over all the data (mgcv's `smoothCon`).
   */
  readonly by: Expr | null;
}

const PART = ".part";
const LEVEL = ".level";
const hidden = (a: Expr) => a.type === "named" && (a.name === PART || a.name === LEVEL);
const unparen = (e: Expr): Expr => (e.type === "paren" ? unparen(e.expr) : e);

/** "fixed" / "random" for the parts made by `splitSmooths`, null for an `s()` as the user wrote it. */
export function smoothPart(e: Call): "fixed" | "random" | null {
  const a = e.args.find((x) => x.type === "named" && x.name === PART);
  return a?.type === "named" && a.value.type === "var" ? (a.value.name as "fixed" | "random") : null;
}

function withPart(e: Call, part: "fixed" | "random"): Call {
  return { ...e, args: [...e.args.filter((a) => !(a.type === "named" && a.name === PART)), { type: "named", name: PART, value: { type: "var", name: part, pos: e.pos }, pos: e.pos }] };
}

/** The `by` level of a per-level random part made by `withLevel`, or null. */
export function smoothLevel(e: Call): string | null {
  const a = e.args.find((x) => x.type === "named" && x.name === LEVEL);
  return a?.type === "named" && a.value.type === "var" ? a.value.name.slice(1, -1) : null;
}

/** The random part of a `by` smooth restricted to one level of the factor (model/random.ts expands it). */
export function withLevel(e: Call, level: string): Call {
  return { ...e, args: [...e.args.filter((a) => !(a.type === "named" && a.name === LEVEL)), { type: "named", name: LEVEL, value: { type: "var", name: `"${level}"`, pos: e.pos }, pos: e.pos }] };
}

/** The text of a string argument (`bs = "cr"`), or null when it is not a quoted string. */
function stringArg(e: Expr): string | null {
  const u = unparen(e);
  return u.type === "var" && u.name.length >= 2 && u.name.startsWith('"') ? u.name.slice(1, -1) : null;
}

/**
 * Reads and checks an `s()` call: one variable, `bs` (required: mgcv's default thin-plate basis
 * "tp" is not implemented, and silently using another basis would not agree with R), `k` (an
 * integer ≥ 3, default 10). Other arguments of mgcv's `s()` are refused by name.
 */
export function readSmooth(src: string, e: Call): SmoothSpec {
  const term = deparse({ ...e, args: e.args.filter((a) => !hidden(a)) });
  const vars = e.args.filter((a) => a.type !== "named");
  if (vars.length !== 1) throw formulaErrorAt(src, e.pos, `${term}: s() takes one variable here (a smooth of one covariate), got ${vars.length}`);
  const x = vars[0]!;
  checkArithmetic(src, x);
  let bs: string | null = null;
  let k = 10;
  let by: Expr | null = null;
  for (const a of e.args) {
    if (a.type !== "named" || hidden(a)) continue;
    if (a.name === "bs") {
      bs = stringArg(a.value);
      if (bs === null || !SMOOTH_BASES.includes(bs))
        throw badTermArgument(term, `bs must be one of ${SMOOTH_BASES.map((b) => `"${b}"`).join(", ")} (mgcv's cubic regression spline or P-spline with its default order), not ${deparse(a.value)}`);
    } else if (a.name === "k") {
      const v = unparen(a.value);
      if (v.type !== "num" || !Number.isInteger(v.value) || v.value < 3)
        throw badTermArgument(term, `k (the basis dimension) must be an integer of at least 3, not ${deparse(a.value)}`);
      k = v.value;
    } else if (a.name === "by") {
      const v = unparen(a.value);
      if (!(v.type === "var" && !v.name.startsWith('"')) && !(v.type === "call" && (v.fn === "factor" || v.fn === "as.factor")))
        throw badTermArgument(term, `by must be a factor column (or factor(x)), not ${deparse(a.value)}`);
      by = v;
    } else throw badTermArgument(term, `the argument '${a.name}' of mgcv's s() is not supported; s() takes the variable, bs, k and by (a factor)`);
  }
  if (bs === null)
    throw badTermArgument(term, `give the basis: s(${deparse(x)}, bs = "cr") (mgcv's default, the thin-plate basis bs = "tp", is not implemented)`);
  return { label: smoothLabel(e), x, bs, k, by };
}

/** mgcv's label of a smooth: `s(x)` (the variable only, whatever the other arguments). */
export function smoothLabel(e: Call): string {
  const x = e.args.find((a) => a.type !== "named");
  return `s(${x ? deparse(x) : ""})`;
}

/**
 * Takes the `s()` terms added with `+` at the top level of the fixed part (bars already removed)
 * and returns the fixed part with each replaced by its fixed (null-space) part, and one
 * random-effects term per smooth (see the module comment). `s()` anywhere else (inside an
 * interaction, a random-effects term) is refused later by the term expander.
 */
export function splitSmooths(src: string, fixed: Expr | null): { fixed: Expr | null; random: RandomTermSpec[] } {
  const random: RandomTermSpec[] = [];
  const walk = (e: Expr): Expr => {
    const u = unparen(e);
    if (u.type === "call" && u.fn === "s" && smoothPart(u) === null) {
      const sp = readSmooth(src, u);
      if (random.some((r) => r.groupLabel === sp.label)) throw invalidTerm(src, u.pos, `the smooth ${sp.label} appears twice`);
      const part = withPart(u, "random");
      random.push({
        lhs: { intercept: false, terms: [{ vars: [{ expr: part, label: sp.label }], label: sp.label }] },
        groups: [],
        groupLabel: sp.label,
        structure: { kind: "diag", hom: true },
      });
      return withPart(u, "fixed");
    }
    if (u.type === "binary" && (u.op === "+" || u.op === "-")) return { ...u, left: walk(u.left), right: u.op === "+" ? walk(u.right) : u.right };
    return e;
  };
  return { fixed: fixed === null ? null : walk(fixed), random };
}
