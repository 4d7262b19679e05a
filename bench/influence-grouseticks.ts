/**
 * influence() on the grouseticks poisson GLMM (63 LOCATION deletions, 584 random effects),
 * compared with lme4 1.1-31 (test/fixtures/influence/grouseticks_poisson.json, written by
 * scripts/influence-refs.R): too slow for the unit tests, so run here. From the project root:
 *   npx vite-node bench/influence-grouseticks.ts [workers]
 * Results are recorded in bench/DIAGNOSTICS.md.
 */
import { influence, dfbetas, cooksDistance, hatvalues } from "../src/index.js";
import { fixture, models } from "../test/influence/fixtures.js";

const fx = fixture("grouseticks_poisson"), m = models.grouseticks_poisson();
const workers = Number(process.argv[2] ?? 2);
const rel = (a: ArrayLike<number>, b: readonly number[]) => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.max(Math.abs(v), 1e-8)));
const maxAbs = (a: readonly ArrayLike<number>[], b: readonly number[][]) => Math.max(...b.flatMap((r, j) => r.map((v, k) => Math.abs(a[j][k] - v))));
console.log(`hatvalues: max relative difference ${rel(hatvalues(m), fx.hatvalues).toExponential(2)}`);
const t = performance.now();
let last = 0;
const infl = await influence(m, { groups: fx.groups, workers, onProgress: (p) => { if (p.done - last >= 16 || p.done === p.total) { last = p.done; console.log(`  ${p.done}/${p.total}`); } } });
console.log(`influence: ${infl.deleted.length} refits in ${((performance.now() - t) / 1000).toFixed(1)} s with ${workers} workers (lme4: ${(fx as unknown as { influence: { seconds: number } }).influence.seconds.toFixed(1)} s, 1 core)`);
console.log(`fixed effects without each unit: max |difference| ${maxAbs(infl.fixedDeleted, fx.influence.fixedDeleted).toExponential(2)}`);
console.log(`dfbetas: max |difference| ${maxAbs(dfbetas(infl).values, fx.influence.dfbetas).toExponential(2)}`);
console.log(`Cook's distance: max relative difference ${rel(cooksDistance(infl), fx.influence.cooks).toExponential(2)}`);
const ours = infl.converged.filter((c) => !c).length, theirs = fx.influence.converged.filter((c) => !c).length;
console.log(`not converged: lme4 ${theirs}, lme4ts ${ours}`);
