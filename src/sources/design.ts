/**
 * The fixed-effects design (and each random term's left-hand side) as SQL column expressions:
 * R's `model.matrix` columns — intercept, numeric expressions, factors by R's coding rule
 * (treatment contrasts for unordered, `contr.poly` for ordered factors, full indicators where R
 * uses them), interactions as products with the first variable varying fastest — exactly as
 * src/model/fixed.ts builds them in memory. Factor levels come from the in-memory rule applied to
 * the distinct values (see frame.ts): the SQL only maps each row's level code to its contrast
 * values with CASE, so the engine's collation never matters.
 */
import type { Frame } from "../data/types.js";
import type { LinearSpec } from "../formula/types.js";
import { BASIS_FUNCTIONS, basisArg, type Basis } from "../formula/bases.js";
import { evaluateColumn } from "../formula/index.js";
import { buildFixedDesign, fullCodingFlags, type FixedDesign } from "../model/fixed.js";
import { codingFor, type Coding } from "../model/contrasts.js";
import { notPushedDown } from "../messages/sources.js";
import { numericSql, factorColumnOf, type ColumnRefs } from "./sql/expr.js";

/** References for the design: numeric columns and the level-code column of each factor column. */
export interface DesignRefs extends ColumnRefs {
  /** SQL of the 0-based level code (in R's order) of factor column `name`. */
  code(name: string): string;
  /** Data-dependent bases (poly, scale) learned from the source, by term label (sources/bases.ts). */
  readonly bases?: ReadonlyMap<string, Basis>;
}

/** A design as SQL: R's names (as the in-memory design) and one expression per column. */
export interface SqlDesign {
  readonly design: FixedDesign;
  readonly names: readonly string[];
  readonly exprs: readonly string[];
}

type Part = { kind: "numeric"; sql: readonly string[] } | { kind: "factor"; code: string; levels: readonly string[]; ordered: boolean };

/** CASE over the level code giving column `j` of a coding (zero entries fall to ELSE 0). */
function codingSql(code: string, cd: Coding, j: number, refs: DesignRefs): string {
  const arms: string[] = [];
  for (let l = 0; l < cd.k; l++) {
    const v = cd.values[l + j * cd.k]!;
    if (v !== 0) arms.push(`WHEN ${l} THEN ${refs.dialect.num(v)}`);
  }
  return arms.length === 0 ? refs.dialect.num(0) : `(CASE ${code} ${arms.join(" ")} ELSE ${refs.dialect.num(0)} END)`;
}

/**
 * The SQL design of `spec`. `stub` is a frame with the model's columns whose factor columns
 * carry exactly the model frame's levels (numeric columns hold placeholders): it gives the
 * names, the factor levels and R's coding decisions, which do not depend on numeric values.
 */
export function sqlDesign(spec: LinearSpec, stub: Frame, refs: DesignRefs): SqlDesign {
  const parts: Part[] = [];
  const byLabel = new Map<string, number>();
  const termVars = spec.terms.map((t) =>
    t.vars.map((v) => {
      let k = byLabel.get(v.label);
      if (k !== undefined) return k;
      const e = v.expr.type === "paren" ? v.expr.expr : v.expr;
      if (e.type === "call" && BASIS_FUNCTIONS.has(e.fn)) {
        const b = refs.bases?.get(v.label);
        if (!b?.sql) throw notPushedDown(v.label, refs.bases ? "spline bases (ns, bs) are not pushed down: their knots and B-spline values are not translated to SQL" : "data-dependent bases (poly, scale, ns, bs) are not pushed down in this fit");
        parts.push({ kind: "numeric", sql: b.sql(numericSql(basisArg(e), refs), refs.dialect.num) });
        k = parts.length - 1;
        byLabel.set(v.label, k);
        return k;
      }
      const col = evaluateColumn(v.expr, stub, v.label);
      if (col.kind === "factor") {
        const name = factorColumnOf(v.expr, refs);
        if (name === null) throw notPushedDown(v.label, "only factor columns (bare or in factor()) are pushed down as factors");
        parts.push({ kind: "factor", code: refs.code(name), levels: col.levels, ordered: col.ordered });
      } else parts.push({ kind: "numeric", sql: [numericSql(v.expr, refs)] });
      k = parts.length - 1;
      byLabel.set(v.label, k);
      return k;
    }),
  );
  const design = buildFixedDesign(spec, stub, { bases: refs.bases });
  const flags = fullCodingFlags(termVars, (k) => parts[k]!.kind === "factor", spec.intercept);
  const exprs: string[] = [];
  if (spec.intercept) exprs.push(refs.dialect.num(1));
  termVars.forEach((vars, ti) => {
    const codings = vars.map((k, j) => {
      const p = parts[k]!;
      return p.kind === "factor" ? codingFor(p.levels, p.ordered, flags[ti]![j]!) : null;
    });
    const widths = codings.map((c, j) => (c ? c.m : (parts[vars[j]!] as { sql: readonly string[] }).sql.length));
    const ncol = widths.reduce((a, b) => a * b, 1);
    const idx = new Array<number>(widths.length).fill(0);
    for (let c = 0; c < ncol; c++) {
      const factors = vars.map((k, j) => {
        const p = parts[k]!, cd = codings[j];
        return p.kind === "numeric" ? p.sql[idx[j]!]! : codingSql(p.code, cd!, idx[j]!, refs);
      });
      exprs.push(factors.length === 1 ? factors[0]! : `(${factors.join(" * ")})`);
      for (let j = 0; j < idx.length; j++) {
        if (++idx[j]! < widths[j]!) break;
        idx[j] = 0;
      }
    }
  });
  if (exprs.length !== design.p) throw new Error(`internal: SQL design has ${exprs.length} columns, the in-memory design ${design.p}`);
  return { design, names: design.names, exprs };
}
