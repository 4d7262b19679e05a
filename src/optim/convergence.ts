/**
 * lme4's convergence check at the optimum (checkConv): finite-difference gradient and
 * Hessian of the objective; the gradient scaled by the Hessian, g̃ = H⁻¹g via its Cholesky
 * factor, min(|g̃|, |g|) must stay below `tol` (default 2e-3). Parameters on their bound are
 * left out (a boundary fit is an answer, not a failure). A Hessian that is not positive
 * definite on the interior parameters gives its own warning. Then lme4's check.conv.hess on the
 * interior Hessian's eigenvalues (tol 1e-6): largest · tol > 1 → "very large eigenvalue",
 * smallest / largest < tol → "large eigenvalue ratio" (both "Rescale variables?").
 * `derivs`: the derivatives at x when already computed (polishOptimum returns them).
 */
import { deriv12, type Objective } from "./index.js";
import { interiorCoordinates, type Derivatives } from "./polish.js";
import { symEigen } from "../linalg/symEigen.js";
import { convergenceEigenRatio, convergenceGradient, convergenceHessian, convergenceLargeEigen } from "../messages/optim-check.js";


export function checkConvergence(f: Objective, x: Float64Array, lower: Float64Array, upper: Float64Array, fx: number, tol = 2e-3, boundaryTol = 1e-4, hessTol = 1e-6, derivs?: Derivatives): string[] {
  const n = x.length;
  const free = interiorCoordinates(x, lower, upper, boundaryTol);
  if (free.length === 0) return [];
  const { gradient, hessian } = derivs ?? deriv12(f, x, { lower, upper, fx });
  const k = free.length;
  const H = new Float64Array(k * k), g = new Float64Array(k);
  free.forEach((fi, a) => {
    g[a] = gradient[fi];
    free.forEach((fj, b) => (H[a + b * k] = hessian[fi + fj * n]));
  });
  // Cholesky of H; failure → not positive definite.
  const L = H.slice();
  for (let j = 0; j < k; j++) {
    let d = L[j + j * k];
    for (let m = 0; m < j; m++) d -= L[j + m * k] ** 2;
    if (!(d > 0)) return [convergenceHessian()];
    const ljj = Math.sqrt(d);
    L[j + j * k] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = L[i + j * k];
      for (let m = 0; m < j; m++) s -= L[i + m * k] * L[j + m * k];
      L[i + j * k] = s / ljj;
    }
  }
  // lme4 uses solve(chol(H), g) = R⁻¹ g with R = Lᵀ upper: back substitution.
  const sg = g.slice();
  for (let i = k - 1; i >= 0; i--) {
    let s = sg[i];
    for (let m = i + 1; m < k; m++) s -= L[m + i * k] * sg[m];
    sg[i] = s / L[i + i * k];
  }
  let maxg = 0;
  for (let i = 0; i < k; i++) maxg = Math.max(maxg, Math.min(Math.abs(sg[i]), Math.abs(g[i])));
  const out = maxg > tol ? [convergenceGradient(maxg, tol)] : [];
  const ev = symEigen(H, k).values;
  const emax = Math.max(...ev), emin = Math.min(...ev);
  if (emax * hessTol > 1) out.push(convergenceLargeEigen());
  if (emin / emax < hessTol) out.push(convergenceEigenRatio());
  return out;
}
