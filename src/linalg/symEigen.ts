/**
 * Small dense symmetric eigen-decomposition (moved from inference/ddf.ts so that optim/ can use
 * it for lme4's Hessian eigenvalue check).
 */
/**
 * Eigen-decomposition of a symmetric k×k matrix (column-major) by cyclic Jacobi rotations:
 * A = V diag(values) Vᵀ, values in decreasing order, V's columns the eigenvectors. For the
 * small matrices of variance parameters (k ≲ 50).
 */
export function symEigen(A: ArrayLike<number>, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) a[i + j * k] = a[j + i * k] = (a[i + j * k] + a[j + i * k]) / 2;
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i + i * k] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, tot = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) (i === j ? (tot += a[i + j * k] ** 2) : (off += a[i + j * k] ** 2));
    if (off <= 1e-30 * (tot + off) || off === 0) break;
    for (let p = 0; p < k - 1; p++)
      for (let q = p + 1; q < k; q++) {
        const apq = a[p + q * k];
        if (apq === 0) continue;
        const theta = (a[q + q * k] - a[p + p * k]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r + p * k], arq = a[r + q * k];
          a[r + p * k] = c * arp - s * arq;
          a[r + q * k] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p + r * k], aqr = a[q + r * k];
          a[p + r * k] = c * apr - s * aqr;
          a[q + r * k] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r + p * k], vrq = v[r + q * k];
          v[r + p * k] = c * vrp - s * vrq;
          v[r + q * k] = s * vrp + c * vrq;
        }
      }
  }
  const order = [...Array(k).keys()].sort((i, j) => a[j + j * k] - a[i + i * k]);
  const values = Float64Array.from(order, (i) => a[i + i * k]);
  const vectors = new Float64Array(k * k);
  order.forEach((src, dst) => { for (let r = 0; r < k; r++) vectors[r + dst * k] = v[r + src * k]; });
  return { values, vectors };
}
