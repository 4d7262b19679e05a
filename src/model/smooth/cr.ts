/**
 * mgcv's cubic regression spline basis (`bs = "cr"`; Wood 2017, *Generalized Additive Models*,
 * §5.3.1): the spline is parameterized by its values β at k knots x₁ < … < x_k, with second
 * derivatives δ = Fβ at the knots (natural spline: δ₁ = δ_k = 0). With hⱼ = xⱼ₊₁ − xⱼ, the
 * (k−2)×k matrix D (Dᵢᵢ = 1/hᵢ, Dᵢ,ᵢ₊₁ = −1/hᵢ − 1/hᵢ₊₁, Dᵢ,ᵢ₊₂ = 1/hᵢ₊₁) and the symmetric
 * tridiagonal (k−2)×(k−2) matrix B (Bᵢᵢ = (hᵢ + hᵢ₊₁)/3, Bᵢ,ᵢ₊₁ = hᵢ₊₁/6):
 * F = [0; B⁻¹D; 0] and the wiggliness penalty ∫ f″(x)² dx = βᵀSβ with S = DᵀB⁻¹D.
 * On [xⱼ, xⱼ₊₁] the basis row is a⁻ eⱼ + a⁺ eⱼ₊₁ + c⁻ Fⱼ + c⁺ Fⱼ₊₁ with a⁻ = (xⱼ₊₁ − x)/h,
 * a⁺ = (x − xⱼ)/h, c⁻ = ((xⱼ₊₁ − x)³/h − h(xⱼ₊₁ − x))/6, c⁺ = ((x − xⱼ)³/h − h(x − xⱼ))/6;
 * outside [x₁, x_k] the spline continues linearly (as mgcv's `crspl`).
 */

/** A cubic regression spline: knots, F (k×k, column-major) and the penalty S (k×k). */
export interface CrSpline {
  readonly knots: Float64Array;
  readonly F: Float64Array;
  readonly S: Float64Array;
}

/**
 * mgcv's knots of a "cr" smooth: `quantile(unique(x), seq(0, 1, length = k))` (R's type 7,
 * (1 − h) x₍ₗₒ₎ + h x₍ₕᵢ₎). The caller checks that x has at least k unique values.
 */
export function crKnots(x: ArrayLike<number>, k: number): Float64Array {
  const u = [...new Set(Array.from(x))].sort((a, b) => a - b);
  const n = u.length;
  const by = 1 / (k - 1);
  return Float64Array.from({ length: k }, (_, i) => {
    const index = 1 + (n - 1) * (i === k - 1 ? 1 : i * by);
    const lo = Math.floor(index), hi = Math.ceil(index);
    const h = index - lo;
    return hi > lo && u[hi - 1] !== u[lo - 1] ? (1 - h) * u[lo - 1]! + h * u[hi - 1]! : u[lo - 1]!;
  });
}

/** F and S of the cubic regression spline with these (strictly increasing) knots. */
export function crSpline(knots: Float64Array): CrSpline {
  const k = knots.length;
  const m = k - 2;
  const h = Float64Array.from({ length: k - 1 }, (_, j) => knots[j + 1]! - knots[j]!);
  const D = new Float64Array(m * k); // m×k column-major
  for (let i = 0; i < m; i++) {
    D[i + i * m] = 1 / h[i]!;
    D[i + (i + 1) * m] = -1 / h[i]! - 1 / h[i + 1]!;
    D[i + (i + 2) * m] = 1 / h[i + 1]!;
  }
  // B⁻¹D by the Thomas algorithm on each column (B symmetric tridiagonal, diagonally dominant)
  const diag = Float64Array.from({ length: m }, (_, i) => (h[i]! + h[i + 1]!) / 3);
  const off = Float64Array.from({ length: Math.max(0, m - 1) }, (_, i) => h[i + 1]! / 6);
  const c = new Float64Array(m), d = new Float64Array(m);
  const Fm = new Float64Array(m * k);
  for (let col = 0; col < k; col++) {
    for (let i = 0; i < m; i++) {
      const a = i > 0 ? off[i - 1]! : 0;
      const den = diag[i]! - (i > 0 ? a * c[i - 1]! : 0);
      c[i] = i < m - 1 ? off[i]! / den : 0;
      d[i] = (D[i + col * m]! - (i > 0 ? a * d[i - 1]! : 0)) / den;
    }
    for (let i = m - 1; i >= 0; i--) Fm[i + col * m] = d[i]! - (i < m - 1 ? c[i]! * Fm[i + 1 + col * m]! : 0);
  }
  const F = new Float64Array(k * k);
  for (let col = 0; col < k; col++) for (let i = 0; i < m; i++) F[i + 1 + col * k] = Fm[i + col * m]!;
  const S = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += D[i + a * m]! * Fm[i + b * m]!;
      S[a + b * k] = s;
    }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) S[a + b * k] = S[b + a * k] = (S[a + b * k]! + S[b + a * k]!) / 2;
  return { knots, F, S };
}

/** The basis row (length k) of the spline at x (linear beyond the end knots). */
export function crRow(sp: CrSpline, x: number): Float64Array {
  const { knots, F } = sp;
  const k = knots.length;
  const row = new Float64Array(k);
  const addF = (j: number, w: number) => {
    for (let c = 0; c < k; c++) row[c] = row[c]! + w * F[j + c * k]!;
  };
  if (x < knots[0]!) {
    const h = knots[1]! - knots[0]!, t = x - knots[0]!;
    row[0] = 1 - t / h;
    row[1] = t / h;
    addF(0, -t * h / 3);
    addF(1, -t * h / 6);
    return row;
  }
  if (x > knots[k - 1]!) {
    const h = knots[k - 1]! - knots[k - 2]!, t = x - knots[k - 1]!;
    row[k - 1] = 1 + t / h;
    row[k - 2] = -t / h;
    addF(k - 2, t * h / 6);
    addF(k - 1, t * h / 3);
    return row;
  }
  let lo = 0, hi = k - 1; // knots[lo] ≤ x ≤ knots[hi], hi = lo + 1 at the end
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const h = knots[hi]! - knots[lo]!;
  const am = (knots[hi]! - x), ap = (x - knots[lo]!);
  row[lo] = am / h;
  row[hi] = ap / h;
  addF(lo, (am * am * am / h - h * am) / 6);
  addF(hi, (ap * ap * ap / h - h * ap) / 6);
  return row;
}
