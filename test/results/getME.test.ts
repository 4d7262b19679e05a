/**
 * getME / modelMatrix / modelFrame / terms against lme4 1.1-31 (test/fixtures/getme/*.json,
 * written by scripts/getme-refs.R) on sleepstudy (correlated slope), Penicillin (crossed) and
 * cbpp (binomial GLMM). Tolerances: structure (X, Z, Gp, cnms, flist, lower, dims) exactly or to
 * 1e-12; θ-dependent quantities (θ, β, u, b, Λ, R_X, mu, devcomp) 2e-3 relative or absolute
 * (the optimizers stop at slightly different points; BOBYQA paths differ).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lmer, glmer, binomial, datasets, getME, modelMatrix, modelFrame, terms, LmeError, type CscMatrix, type MerMod } from "../../src/index.js";

interface Dense { dim: [number, number]; x: number[] }
interface Ref {
  id: string; formula: string; glmm: boolean; X: Dense; Xnames: string[]; Z: Dense; Zt: Dense; Lambda: Dense; Lambdat: Dense;
  theta: number[]; beta: number[]; u: number[]; b: number[]; lower: (number | string)[]; Gp: number[]; n_rtrms: number;
  cnms: { group: string; names: string[] }[]; flist: { name: string; levels: string[]; codes: number[] }[];
  mu: number[]; y: number[]; offset: number[]; modelFrameNames: string[]; nobs: number; termLabels: string[];
  RX?: Dense; devcomp?: { cmp: Record<string, number | string>; dims: Record<string, number> };
}
const ref = (id: string) => JSON.parse(readFileSync(new URL(`../fixtures/getme/${id}.json`, import.meta.url), "utf8")) as Ref;

/** CSC → dense column-major. */
function toDense(A: CscMatrix): number[] {
  const [nr, nc] = A.dim, out = new Array<number>(nr * nc).fill(0);
  for (let c = 0; c < nc; c++) for (let k = A.p[c]; k < A.p[c + 1]; k++) out[A.i[k] + c * nr] = A.x[k];
  return out;
}
function expectClose(got: ArrayLike<number>, want: readonly number[], tol: number) {
  expect(got.length).toBe(want.length);
  for (let k = 0; k < want.length; k++) {
    const err = Math.abs(got[k] - want[k]) / Math.max(1, Math.abs(want[k]));
    if (!(err <= tol)) throw new Error(`entry ${k}: got ${got[k]}, want ${want[k]} (tol ${tol})`);
  }
}

const models: Record<string, () => MerMod> = {
  sleepstudy: () => lmer("Reaction ~ Days + (Days | Subject)", datasets.sleepstudy()),
  penicillin: () => lmer("diameter ~ 1 + (1 | plate) + (1 | sample)", datasets.Penicillin()),
  cbpp: () => glmer("cbind(incidence, size - incidence) ~ period + (1 | herd)", datasets.cbpp(), { family: binomial() }),
};

describe.each(Object.keys(models))("getME on %s against lme4", (id) => {
  const r = ref(id);
  const m = models[id]();
  it("X, Z, Zt: same entries; modelMatrix gives them too", () => {
    const X = getME(m, "X");
    expect(X.dim).toEqual(r.X.dim);
    expect(X.colnames).toEqual(r.Xnames);
    expectClose(X.x, r.X.x, 1e-12);
    expect(modelMatrix(m, "fixed").x).toEqual(X.x);
    const Z = getME(m, "Z");
    expect([...Z.dim]).toEqual(r.Z.dim);
    expectClose(toDense(Z), r.Z.x, 1e-12);
    expectClose(toDense(modelMatrix(m, "random")), r.Z.x, 1e-12);
    const Zt = getME(m, "Zt");
    expect([...Zt.dim]).toEqual(r.Zt.dim);
    expectClose(toDense(Zt), r.Zt.x, 1e-12);
  });
  it("Gp, n_rtrms, cnms, flist, lower", () => {
    expect([...getME(m, "Gp")]).toEqual(r.Gp);
    expect(getME(m, "n_rtrms")).toBe(r.n_rtrms);
    expect(getME(m, "cnms").map((c) => ({ group: c.group, names: [...c.names] }))).toEqual(r.cnms);
    expect(getME(m, "flist").map((f) => ({ name: f.name, levels: [...f.levels], codes: [...f.codes] }))).toEqual(r.flist);
    expect([...getME(m, "lower")]).toEqual(r.lower.map((v) => (typeof v === "string" ? Number(v.replace("Inf", "Infinity")) : v)));
  });
  it("theta, beta, Lambda, Lambdat, u, b, mu at the optimum", () => {
    const tol = 2e-3;
    expectClose(getME(m, "theta"), r.theta, tol);
    expectClose(getME(m, "beta"), r.beta, tol);
    expectClose(toDense(getME(m, "Lambda")), r.Lambda.x, tol);
    expectClose(toDense(getME(m, "Lambdat")), r.Lambdat.x, tol);
    expectClose(getME(m, "u"), r.u, 5e-3);
    expectClose(getME(m, "b"), r.b, 5e-3);
    expectClose(getME(m, "mu"), r.mu, tol);
    expectClose(getME(m, "y"), r.y, 1e-12);
    expectClose(getME(m, "offset"), r.offset, 1e-12);
  });
  it("modelFrame and terms", () => {
    const mf = modelFrame(m);
    expect(mf.frame.nrow).toBe(r.nobs);
    // R's model.frame names the response by its expression; lme4ts lists the variables used.
    const want = r.modelFrameNames.filter((v) => !v.startsWith("cbind("));
    for (const v of want) expect(mf.frame.names).toContain(v);
    expect(terms(m).termLabels).toEqual(r.termLabels);
    expect(terms(m).random.map((t) => t.group)).toEqual(r.cnms.map((c) => c.group));
  });
  if (!r.glmm)
    it("RX and devcomp (LMM)", () => {
      const RX = getME(m, "RX");
      expectClose(RX.x, r.RX!.x, 2e-3);
      const dc = getME(m, "devcomp"), want = r.devcomp!;
      for (const k of ["ldL2", "ldRX2", "wrss", "ussq", "pwrss", "sigmaML", "sigmaREML", "REML"] as const)
        expect(Math.abs(dc.cmp[k] - (want.cmp[k] as number)) / Math.abs(want.cmp[k] as number)).toBeLessThan(2e-3);
      for (const [k, v] of Object.entries(want.dims)) expect(dc.dims[k as keyof typeof dc.dims]).toBe(v);
    });
});

describe("getME refusals", () => {
  const m = models.sleepstudy();
  it("names the known components for an unknown one, and explains L", () => {
    expect(() => getME(m, "nonsense")).toThrow(LmeError);
    expect(() => getME(m, "nonsense")).toThrow(/use one of .*"Lambdat"/);
    expect(() => getME(m, "L")).toThrow(/not exposed/);
    expect(() => modelMatrix(m, "both" as "fixed")).toThrow(/"fixed" or "random"/);
  });
});
