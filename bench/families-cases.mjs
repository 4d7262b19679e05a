// The Laplace-engine models of the speed benchmarks (bench/families.mjs, bench/families-profile.mjs):
// the negative binomials of test/fixtures/families and glmmTMB's extra families and models of
// test/fixtures/families2 (the fixtures' calls). Each case: id, the call's parts for R, and
// `fit(extra)` for lme4ts (`extra`: more glmer options, e.g. { optimizer: "bobyqa" }).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const GT = "TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)";
export const SAL = "count ~ spp + mined + (1 | site)";
const F2 = ["beta", "beta_disp", "betabinomial", "gaussian_disp", "nb2_disp", "zip_mined", "zinb2_mined", "zinb1_mined", "zip_1", "zinb2_1"];

/** The cases with `fit` bound to lme4ts `lib` (dist/index.js) and the project root. */
export function familyCases(lib, root) {
  const f1 = resolve(root, "test/fixtures/families"), f2 = resolve(root, "test/fixtures/families2");
  const data = {
    grouseticks: lib.readCsv(resolve(root, "datasets/grouseticks.csv"), resolve(root, "datasets/grouseticks.schema.json")),
    Salamanders: lib.readCsv(resolve(f1, "Salamanders.csv"), resolve(f1, "Salamanders.schema.json")),
  };
  const nb = [
    ["grouseticks_glmer.nb", "grouseticks", GT, "glmer.nb"], ["grouseticks_tmb_nbinom2", "grouseticks", GT, "nbinom2"],
    ["grouseticks_tmb_nbinom1", "grouseticks", GT, "nbinom1"], ["salamanders_glmer.nb", "Salamanders", SAL, "glmer.nb"],
    ["salamanders_tmb_nbinom2", "Salamanders", SAL, "nbinom2"], ["salamanders_tmb_nbinom1", "Salamanders", SAL, "nbinom1"],
  ].map(([id, d, formula, fam]) => ({
    id, data: d, formula, family: fam, ziformula: null, dispformula: null, source: "families",
    fit: (extra = {}) => (fam === "glmer.nb" ? lib.glmerNb(formula, data[d], extra) : lib.glmer(formula, data[d], { family: fam, ...extra })),
  }));
  const ext = F2.map((id) => {
    const r = JSON.parse(readFileSync(resolve(f2, `${id}.json`), "utf8"));
    const c = r.call;
    const d = lib.readCsv(resolve(f2, `${r.data}.csv`));
    const opts = { family: c.family, ...(c.ziformula ? { ziformula: c.ziformula } : {}), ...(c.dispformula ? { dispformula: c.dispformula } : {}) };
    return { id, data: r.data, formula: c.formula, family: c.family, ziformula: c.ziformula, dispformula: c.dispformula, source: "families2", fit: (extra = {}) => lib.glmer(c.formula, d, { ...opts, ...extra }) };
  });
  return [...nb, ...ext];
}
