/**
 * Simulation-based scaled residuals (DHARMa's idea; a randomised probability integral
 * transform): for observation i with simulated values y*ᵢ₁ … y*ᵢR (replicate j is
 * `simulated[j]`), rᵢ = (#{y*ᵢⱼ < yᵢ} + uᵢ · (#{y*ᵢⱼ = yᵢ} + 1)) / (R + 1) with uᵢ ~ U(0, 1)
 * from `random` (pass a seeded generator for reproducible output). Under the model the rᵢ are
 * approximately uniform on (0, 1) whatever the family, so one uniform Q-Q plot (see
 * `scaledResidualsQQ`) checks every kind of response. Needs equal-length replicates.
 *
 * The observation counts as one more draw, with ties broken at random: when yᵢ is exchangeable
 * with the simulations its randomised rank K ∈ {0, …, R} is uniform, so rᵢ is exactly U(0, 1)
 * and P(rᵢ < 1/(R+1)) = 1/(R+1), for discrete responses too (DHARMa's U(#{<}/R, #{≤}/R) is
 * uniform only as R → ∞).
 */
export function scaledResiduals(d: { readonly observed: ArrayLike<number>; readonly simulated: readonly ArrayLike<number>[] }, random: () => number = Math.random): Float64Array {
  const n = d.observed.length, R = d.simulated.length;
  if (R === 0) throw new RangeError("scaledResiduals: no simulated replicates; pass simulated: [y*₁, y*₂, …]");
  d.simulated.forEach((s, j) => {
    if (s.length !== n) throw new RangeError(`scaledResiduals: replicate ${j + 1} has ${s.length} values but observed has ${n}; simulate every observation`);
  });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = d.observed[i];
    let below = 0, tie = 0;
    for (let j = 0; j < R; j++) {
      const s = d.simulated[j][i];
      if (s < y) below++;
      else if (s === y) tie++;
    }
    out[i] = Number.isFinite(y) ? (below + random() * (tie + 1)) / (R + 1) : NaN;
  }
  return out;
}
