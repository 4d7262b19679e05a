/** Standard test problems (Moré, Garbow & Hillstrom 1981) and a mixed-model-like profiled deviance. */
import type { Objective } from "../../src/optim/index.js";
export interface Case { name: string; f: Objective; x0: number[]; lower?: number[]; upper?: number[]; xstar?: number[]; fstar: number }
export const rosen: Objective = (x) => { let s = 0; for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2; return s; };
const beale: Objective = (x) => (1.5 - x[0] + x[0] * x[1]) ** 2 + (2.25 - x[0] + x[0] * x[1] ** 2) ** 2 + (2.625 - x[0] + x[0] * x[1] ** 3) ** 2;
const powellSing: Objective = (x) => (x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4 + 10 * (x[0] - x[3]) ** 4;
const box3: Objective = (x) => { let s = 0; for (let i = 1; i <= 10; i++) { const t = 0.1 * i; s += (Math.exp(-t * x[0]) - Math.exp(-t * x[1]) - x[2] * (Math.exp(-t) - Math.exp(-10 * t))) ** 2; } return s; };
const bq: Objective = (x) => (x[0] + 1) ** 2 + (x[1] - 2) ** 2 + (x[2] - 0.5) ** 2;
// Profiled ML deviance of a balanced two-factor crossed random-intercept model (closed form).
export function crossedDeviance(J1: number, n1: number, SSB1: number, J2: number, n2: number, SSB2: number, SSW: number): Objective {
  const N = J1 * n1;
  return (t) => {
    const a = 1 + n1 * t[0] * t[0], b = 1 + n2 * t[1] * t[1];
    return J1 * Math.log(a) + J2 * Math.log(b) + N * Math.log(SSW + SSB1 / a + SSB2 / b);
  };
}
export const cases: Case[] = [
  { name: "rosenbrock2", f: rosen, x0: [-1.2, 1], xstar: [1, 1], fstar: 0 },
  { name: "rosenbrock4", f: rosen, x0: [-1.2, 1, -1.2, 1], xstar: [1, 1, 1, 1], fstar: 0 },
  { name: "beale", f: beale, x0: [1, 1], xstar: [3, 0.5], fstar: 0 },
  { name: "powellSingular", f: powellSing, x0: [3, -1, 0, 1], xstar: [0, 0, 0, 0], fstar: 0 },
  { name: "box3", f: box3, x0: [0, 10, 20], xstar: [1, 10, 1], fstar: 0 },
  { name: "boundQuadratic", f: bq, x0: [0.5, 0.5, 0.5], lower: [0, 0, 0], upper: [1, 1, 1], xstar: [0, 1, 0.5], fstar: 2 },
  { name: "startOnBound", f: (x) => (x[0] - 1) ** 2 + (x[1] + 1) ** 2 + 0.5 * x[0] * x[1], x0: [0, 0], lower: [0, 0], xstar: [1, 0], fstar: 1 },
  { name: "mixedSingular", f: crossedDeviance(10, 8, 5, 8, 10, 400, 300), x0: [1, 1], lower: [0, 0], fstar: NaN },
];
