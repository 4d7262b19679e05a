/**
 * lme4's side of catalogue rows: the fixtures written by `scripts/catalogue-refs.R`
 * (test/fixtures/catalogue/<id>.json) — the data lme4 was given, its call, and its fit, table,
 * error text, warnings and messages — and the comparisons rows make with them.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { toFrame } from "../../src/data/index.js";
import type { Frame, SchemaColumn } from "../../src/data/types.js";

interface RefColumn {
  type: "factor" | "character" | "logical" | "numeric";
  values: (string | number | boolean | null)[];
  levels?: string[];
  ordered?: boolean;
}

export interface Lme4Fit {
  class: string;
  nobs: number;
  fixef: Record<string, number>;
  se: Record<string, number> | null;
  theta: number[];
  sigma: number | null;
  logLik: number | null;
  singular: boolean;
  convergence: string[];
  REML?: boolean;
}

export interface Lme4Ref {
  id: string;
  call: string;
  data: Record<string, RefColumn>;
  outcome: "ok" | "error";
  error?: string;
  warnings: string[];
  messages: string[];
  fit?: Lme4Fit;
  table?: { rownames: string[]; columns: Record<string, (number | null)[]> };
}

const dir = fileURLToPath(new URL("../fixtures/catalogue/", import.meta.url));
const cache = new Map<string, Lme4Ref>();

/** The fixture of catalogue case `id`. */
export function lme4(id: string): Lme4Ref {
  let r = cache.get(id);
  if (!r) {
    r = JSON.parse(readFileSync(`${dir}${id}.json`, "utf8")) as Lme4Ref;
    cache.set(id, r);
  }
  return r;
}

/**
 * The data lme4 was given, as a user would pass it: numbers (NA → NaN), strings, booleans as
 * plain arrays; R factors with their level order (and orderedness) through a schema.
 */
export function dataOf(id: string): Frame {
  const ref = lme4(id);
  const cols: Record<string, unknown[]> = {};
  const schema: SchemaColumn[] = [];
  for (const [name, c] of Object.entries(ref.data)) {
    cols[name] = c.type === "numeric" ? c.values.map((v) => (v === null ? NaN : v)) : c.values;
    if (c.type === "factor") schema.push({ name, type: "factor", levels: c.levels!, ordered: c.ordered });
  }
  return toFrame(cols, { schema: { columns: schema } });
}

/** A numeric column of the fixture data (for options such as weights and offsets). */
export function columnOf(id: string, name: string): number[] {
  return lme4(id).data[name]!.values.map((v) => (v === null ? NaN : Number(v)));
}

/** |a − b| ≤ tol·max(1, |b|) for every named value, same names. */
function closeByName(ours: Record<string, number>, theirs: Record<string, number>, tol: number, what: string): void {
  expect(Object.keys(ours).sort(), `${what} names`).toEqual(Object.keys(theirs).sort());
  for (const [k, v] of Object.entries(theirs)) {
    expect(Math.abs(ours[k]! - v), `${what} ${k}: ours ${ours[k]}, lme4 ${v}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v)));
  }
}

/** Tolerances (relative, floor 1 in absolute terms) for comparing a fit with lme4's. */
export interface FitTolerance {
  fixef?: number;
  se?: number;
  theta?: number;
  sigma?: number;
  logLik?: number;
}

/**
 * Asserts that a fitted model agrees with lme4's fit of case `id`: fixef (names and values), SEs,
 * θ, σ and logLik within the tolerances (defaults: 1e-4 for fixef, σ and logLik, 1e-3 for SEs
 * and θ, the accuracy of two optimizers stopped at lme4's tolerances).
 */
export function expectLme4Fit(model: any, id: string, tol: FitTolerance = {}): void {
  const ref = lme4(id).fit!;
  expect(ref, `lme4 gave no fit for ${id}`).toBeTruthy();
  closeByName(model.fixef(), ref.fixef, tol.fixef ?? 1e-4, "fixef");
  if (ref.se) closeByName(model.se(), ref.se, tol.se ?? 1e-3, "se");
  const th: number[] = Array.from(model.theta);
  expect(th.length).toBe(ref.theta.length);
  th.forEach((t, i) => expect(Math.abs(t - ref.theta[i]!), `theta[${i}]: ours ${t}, lme4 ${ref.theta[i]}`).toBeLessThanOrEqual((tol.theta ?? 1e-3) * Math.max(1, Math.abs(ref.theta[i]!))));
  if (ref.sigma !== null) expect(Math.abs(model.sigma - ref.sigma), "sigma").toBeLessThanOrEqual((tol.sigma ?? 1e-4) * Math.max(1, ref.sigma));
  if (ref.logLik !== null) expect(Math.abs(model.logLik() - ref.logLik), "logLik").toBeLessThanOrEqual((tol.logLik ?? 1e-4) * Math.max(1, Math.abs(ref.logLik)));
  expect(model.nobs).toBe(ref.nobs);
}
