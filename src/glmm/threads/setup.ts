/**
 * Builds the shared arrays of the two-chunk PIRLS passes (passes.ts) for a GLMM workspace: the
 * response constants, the per-observation indices of the cross products, the chunk cuts (μ pass:
 * n/2; fill pass: the term-0 level where half the observations are reached) and the
 * cross-product targets in shared memory.
 */
import type { CrossPattern, CrossProducts } from "../../lmm/crossprod.js";
import type { FillTarget, PassArrays } from "./passes.js";
import { sharedCopy, sharedF64, sharedI32 } from "./runner.js";

/** The cross products with their value arrays moved to shared memory (same pattern). */
export function sharedCrossProducts(cp: CrossProducts): CrossProducts {
  return { ...cp, a11: sharedCopy(cp.a11), ax1: sharedCopy(cp.ax1), r1Val: sharedCopy(cp.r1Val), rrVal: sharedCopy(cp.rrVal), axr: sharedCopy(cp.axr), axx: sharedCopy(cp.axx), logDetW: NaN };
}

function target(cp: CrossProducts): FillTarget {
  return {
    P: cp.P, a11: cp.a11, ax1: cp.ax1, r1Val: cp.r1Val,
    axr: [cp.axr, sharedF64(cp.axr.length)], rrVal: [cp.rrVal, sharedF64(cp.rrVal.length)], axx: [cp.axx, sharedF64(cp.axx.length)],
  };
}

/** The per-observation arrays of the workspace the passes read and write (all shared). */
export interface PassState {
  readonly eta: Float64Array; readonly etaOff: Float64Array; readonly mu: Float64Array; readonly muEta: Float64Array;
  readonly vari: Float64Array; readonly dres: Float64Array; readonly sw: Float64Array; readonly zw: Float64Array;
  readonly b: Float64Array; readonly beta: Float64Array;
}

/**
 * The pass arrays for scalar terms (zIdx/zVal as in GlmmWork) and the two targets (cpU: u only,
 * cpUB: (u, β)), all already shared. y, wt, h, X and the offset are copied to shared memory.
 */
export function passArrays(kind: number, h: Float64Array, pat: CrossPattern, X: Float64Array, p: number, y: Float64Array, wt: Float64Array, offset: Float64Array | null,
  zIdx: Int32Array, zVal: Float64Array, st: PassState, cpU: CrossProducts, cpUB: CrossProducts): PassArrays {
  const { n, K, l0, units, r1Ptr, obsR1, obsRR, pairOff, terms } = pat;
  const K1 = K - 1, np = (K1 * K) / 2;
  const axrCol = sharedI32(n * K1), r1Idx = sharedI32(n * K1), rrIdx = sharedI32(n * np);
  const codes0 = terms[0]!.codes;
  for (let i = 0; i < n; i++) {
    const l = codes0[i]!;
    for (let k = 1; k < K; k++) {
      axrCol[i * K1 + k - 1] = units.start[units.termBase[k]! + terms[k]!.codes[i]!]!;
      r1Idx[i * K1 + k - 1] = r1Ptr[l]! + obsR1[i * K1 + k - 1]!;
    }
    for (let j = 0; j < np; j++) rrIdx[i * np + j] = pairOff[obsRR[i * np + j]!]!;
  }
  // Fill chunks: term-0 levels [0, levelCut) hold the first half of the observations.
  const count = new Int32Array(l0 + 1);
  for (let i = 0; i < n; i++) count[codes0[i]! + 1]++;
  let levelCut = 0;
  for (let acc = 0; levelCut < l0 && acc + count[levelCut + 1]! <= n / 2; levelCut++) acc += count[levelCut + 1]!;
  if (levelCut === 0 && l0 > 1) levelCut = 1;
  const order = sharedI32(n);
  let listCut = 0;
  for (let i = 0; i < n; i++) if (codes0[i]! < levelCut) order[listCut++] = i;
  for (let i = 0, q = listCut; i < n; i++) if (codes0[i]! >= levelCut) order[q++] = i;
  const P1 = cpUB.P;
  return {
    kind, n, K, p, y: sharedCopy(y), wt: sharedCopy(wt), h: sharedCopy(h), X: sharedCopy(X), offset: offset ? sharedCopy(offset) : sharedF64(0),
    zIdx, zVal, beta: st.beta, b: st.b,
    eta: st.eta, etaOff: st.etaOff, mu: st.mu, muEta: st.muEta, vari: st.vari, dres: st.dres, sw: st.sw, zw: st.zw,
    cut: n >> 1, order, listCut, levelCut, l0, r1Cut: r1Ptr[levelCut]!,
    axrCol, r1Idx, rrIdx, targets: [target(cpU), target(cpUB)],
    sums: sharedF64(2), nSlow: sharedI32(2), slow: sharedI32(n),
    rowScr: [sharedF64(P1), sharedF64(P1)], zScr: [sharedF64(K), sharedF64(K)],
  };
}
