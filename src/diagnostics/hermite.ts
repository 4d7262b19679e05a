/**
 * Hermite interpolation: the polynomial q of degree ≤ 2k − 1 with q(x_i) = f_i and q′(x_i) = f′_i
 * at k distinct nodes, in the Lagrange form
 *
 *   q(x) = Σ_i [ (1 − 2 (x − x_i) ℓ_i′(x_i)) f_i + (x − x_i) f′_i ] ℓ_i(x)²,
 *
 * ℓ_i the Lagrange basis polynomials of the nodes and ℓ_i′(x_i) = Σ_{m≠i} 1/(x_i − x_m).
 * With the nodes of a k-point Gauss–Hermite rule, ∫ q φ = Σ_i w_i f_i: the function k-point
 * adaptive quadrature integrates in place of t(z) (the GLMM paper's AGQ(k) curves).
 * Caveat: the Lagrange form loses accuracy for many nodes far from x; meant for small k (≤ 10).
 */

/** The Hermite interpolant of values `f` and derivatives `df` at distinct `nodes`. */
export function hermiteInterpolant(nodes: readonly number[], f: readonly number[], df: readonly number[]): (x: number) => number {
  const k = nodes.length;
  const denom = nodes.map((xi, i) => nodes.reduce((s, xm, m) => (m === i ? s : s * (xi - xm)), 1));
  const dl = nodes.map((xi, i) => nodes.reduce((s, xm, m) => (m === i ? s : s + 1 / (xi - xm)), 0));
  return (x: number) => {
    let q = 0;
    for (let i = 0; i < k; i++) {
      let num = 1;
      for (let m = 0; m < k; m++) if (m !== i) num *= x - nodes[m];
      const l = num / denom[i], dx = x - nodes[i];
      q += ((1 - 2 * dx * dl[i]) * f[i] + dx * df[i]) * l * l;
    }
    return q;
  };
}
