/**
 * The scalar-θ simulation study at full size (issue 10, item 1): every design of
 * test/optim/scalarThetaStudy.ts, N seeded data sets each (default 500), the dense grid; prints
 * per-design counts and the worst cases. Run from the project root:
 *
 *   npx vite-node bench/scalar-theta.ts [N] [--designs abcf] [--optimizer nelder_mead]
 *
 * Results are recorded in bench/README.md ("Scalar θ simulation study").
 */
import { DESIGNS, FAIL_TOL, runStudy, type Optimizer } from "../test/optim/scalarThetaStudy.js";

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 500);
const di = args.indexOf("--designs");
const designs = di >= 0 ? DESIGNS.filter((d) => args[di + 1].includes(d.name[0])) : DESIGNS;
const oi = args.indexOf("--optimizer");
const optimizer = (oi >= 0 ? args[oi + 1] : "bobyqa") as Optimizer;
const label = (design: string) => DESIGNS.find((d) => d.name === design)!.family;
const t0 = performance.now();
const { cases, summary } = runStudy(designs, n, { optimizer });
console.log(`scalar θ study (${optimizer}): ${cases.length} data sets, fail = fitted objective > grid minimum + ${FAIL_TOL}`);
console.log("design                              n  fail  θ=0  interior   worst excess");
for (const s of summary)
  console.log(`${s.design.padEnd(33)} ${String(s.n).padStart(4)} ${String(s.failures).padStart(5)} ${String(s.fitAtZero).padStart(4)} ${String(s.interiorNeeded).padStart(9)}   ${s.worstExcess.toExponential(2)}`);
const worst = [...cases].sort((a, b) => b.excess - a.excess).slice(0, 5);
console.log("worst cases:");
for (const c of worst)
  console.log(`  ${c.design[0]} seed ${c.seed} ${label(c.design) === "gaussian" ? (c.REML ? "REML" : "ML") : label(c.design)} fit θ ${c.fitTheta.toPrecision(4)} grid θ ${c.gridTheta.toPrecision(4)} excess ${c.excess.toExponential(2)}`);
console.log(`total failures ${cases.filter((c) => c.excess > FAIL_TOL).length}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
