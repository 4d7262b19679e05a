/**
 * Factor operations: dropping unused levels, numeric → factor, and interactions (R's `a:b`).
 */
import type { Column, FactorColumn } from "./types.js";
import { factorColumn, factorFromNumbers } from "./column.js";
import { badInteraction } from "../messages/data.js";

/**
 * The factor with only the levels that occur (R's `droplevels` / `factor(f)`), keeping their
 * order and orderedness. Returns `col` itself when every level occurs.
 */
export function dropUnusedLevels(col: FactorColumn): FactorColumn {
  const L = col.levels.length;
  const used = new Uint8Array(L);
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) used[col.codes[i]] = 1;
  let m = 0;
  const map = new Int32Array(L);
  const levels: string[] = [];
  for (let k = 0; k < L; k++) {
    if (used[k]) {
      map[k] = m++;
      levels.push(col.levels[k]);
    } else map[k] = -1;
  }
  if (m === L) return col;
  const codes = new Int32Array(col.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = col.codes[i] < 0 ? -1 : map[col.codes[i]];
  return factorColumn(col.name, codes, levels, col.ordered);
}

/**
 * A column as a factor (R's `factor(x)`): factors are returned unchanged; a numeric column
 * gets the distinct non-missing values, sorted numerically, as levels labelled by R's
 * `as.character` (`rFormatNumber`: 308 → "308", 0.5 → "0.5", 1e5 → "1e+05"). NaN is missing.
 */
export function asFactor(col: Column): FactorColumn {
  if (col.kind === "factor") return col;
  return factorFromNumbers(col.name, col.values, undefined, false);
}

/** Interaction of two factors given as codes; used combinations only, `a` varying slowest. */
function interact2(
  a: Int32Array,
  la: readonly string[],
  b: Int32Array,
  lb: readonly string[],
): { codes: Int32Array; levels: string[] } {
  const n = a.length;
  const Lb = lb.length;
  const keys = new Float64Array(n);
  const uniq = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (a[i] < 0 || b[i] < 0) {
      keys[i] = -1;
      continue;
    }
    const key = a[i] * Lb + b[i];
    keys[i] = key;
    uniq.add(key);
  }
  const sorted = Float64Array.from(uniq).sort();
  const pos = new Map<number, number>();
  const levels: string[] = new Array(sorted.length);
  for (let k = 0; k < sorted.length; k++) {
    const key = sorted[k];
    pos.set(key, k);
    const ia = Math.floor(key / Lb);
    levels[k] = la[ia] + ":" + lb[key - ia * Lb];
  }
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = keys[i] < 0 ? -1 : (pos.get(keys[i]) as number);
  return { codes, levels };
}

/**
 * R's `f1:f2:...` for factors, named `name`: levels "a1:b1", "a1:b2", ... in lexicographic
 * order of the factors' level orders, the FIRST factor varying slowest (so Pastes' `cask:batch`
 * starts "a:A", "a:B"), keeping only combinations that occur (as lme4's grouping factors,
 * which are re-`factor()`ed). A row is missing if any component is missing. Unordered.
 */
export function interactionFactor(cols: readonly FactorColumn[], name: string): FactorColumn {
  if (cols.length === 0) badInteraction(name, "no factors given");
  const n = cols[0].codes.length;
  for (const c of cols) {
    if (c.codes.length !== n) {
      badInteraction(name, `"${cols[0].name}" has ${n} values but "${c.name}" has ${c.codes.length}`);
    }
  }
  const acc = dropUnusedLevels(cols[0]);
  let codes = acc.codes;
  let levels: readonly string[] = acc.levels;
  for (let k = 1; k < cols.length; k++) {
    const r = interact2(codes, levels, cols[k].codes, cols[k].levels);
    codes = r.codes;
    levels = r.levels;
  }
  if (cols.length === 1) return factorColumn(name, Int32Array.from(codes), levels.slice(), false);
  return factorColumn(name, codes, levels, false);
}
