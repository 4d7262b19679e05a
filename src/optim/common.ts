/**
 * Helpers shared by the optimizers: argument checking and a counting, NaN-safe evaluator.
 */
import { optimBadArgument, optimBadBounds, optimInfeasibleStart, optimStatus } from "../messages/optim.js";
import type { BoundedOptions, Objective, OptimResult } from "./types.js";
import { anything, checkOptions, func, type OptionSpec } from "../validate/index.js";

/** The keys of BoundedOptions (values are checked by checkProblem and the methods). */
const BOUNDED_OPTIONS: OptionSpec = {
  lower: anything, upper: anything, rhobeg: anything, rhoend: anything, steps: anything, maxfun: anything,
  ftolAbs: anything, xtolAbs: anything, onEval: func,
};

/** Start point and bounds as Float64Arrays, checked for consistency. */
export interface Problem {
  n: number;
  x0: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** Throws unless `f` is a function and `x0` an array of numbers (runtime types of the public optimizers). */
export function checkOptimArgs(fn: string, f: unknown, x0: unknown): void {
  if (typeof f !== "function") throw optimBadArgument(fn, `the objective (first argument) must be a function of a Float64Array; got ${typeof f}`);
  const arrayLike = Array.isArray(x0) || (ArrayBuffer.isView(x0) && !(x0 instanceof DataView));
  if (!arrayLike) throw optimBadArgument(fn, `the start (second argument) must be an array of numbers; got ${x0 === null ? "null" : typeof x0}`);
}

/** Validate x0 and the bounds of `opts`; throws an LmeError naming the culprit. */
export function checkProblem(fn: string, x0: ArrayLike<number>, opts: BoundedOptions): Problem {
  const n = x0.length;
  if (n < 1) throw optimBadArgument(fn, "the start vector is empty; give at least one parameter");
  const x = Float64Array.from(x0);
  const lower = new Float64Array(n).fill(-Infinity);
  const upper = new Float64Array(n).fill(Infinity);
  for (const [name, src, dst] of [
    ["lower", opts.lower, lower],
    ["upper", opts.upper, upper],
  ] as const) {
    if (src === undefined) continue;
    if (src.length !== n) throw optimBadArgument(fn, `${name} has length ${src.length} but the start vector has length ${n}`);
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(src[i])) throw optimBadArgument(fn, `${name}[${i}] is NaN; use -Infinity/Infinity for no bound`);
      dst[i] = src[i];
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw optimBadArgument(fn, `start value ${i + 1} is ${x[i]}; give finite start values`);
    if (lower[i] > upper[i]) throw optimBadBounds(fn, i, lower[i], upper[i]);
    if (x[i] < lower[i] || x[i] > upper[i]) throw optimInfeasibleStart(fn, i, x[i], lower[i], upper[i]);
  }
  const checkPos = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) throw optimBadArgument(fn, `${name} must be a positive finite number, got ${v}`);
  };
  checkPos("rhobeg", opts.rhobeg);
  checkPos("rhoend", opts.rhoend);
  const checkNonNeg = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw optimBadArgument(fn, `${name} must be a finite number >= 0, got ${v}`);
  };
  checkNonNeg("ftolAbs", opts.ftolAbs);
  checkNonNeg("xtolAbs", opts.xtolAbs);
  if (opts.maxfun !== undefined && !(Number.isInteger(opts.maxfun) && opts.maxfun > 0))
    throw optimBadArgument(fn, `maxfun must be a positive integer, got ${opts.maxfun}`);
  if (opts.steps !== undefined) {
    if (opts.steps.length !== n) throw optimBadArgument(fn, `steps has length ${opts.steps.length} but the start vector has length ${n}`);
    for (let i = 0; i < n; i++)
      if (!(Math.abs(opts.steps[i]) > 0 && Number.isFinite(opts.steps[i])))
        throw optimBadArgument(fn, `steps[${i}] must be a nonzero finite number, got ${opts.steps[i]}`);
  }
  return { n, x0: x, lower, upper };
}

/**
 * Counting evaluator. A non-finite objective value (NaN, ±Infinity) is replaced by a value worse
 * than every finite value seen so far — `fmax + max(1, fmax − fmin)` — so that the point is never
 * taken as best and model-based methods see a large but finite number. Before any finite value was
 * seen the replacement is 1e300.
 */
export class Evaluator {
  nf = 0;
  private fmin = Infinity;
  private fmax = -Infinity;
  bestF = Infinity;
  bestX: Float64Array;
  /** Raw value returned for the best point (equal to bestF unless everything was non-finite). */
  constructor(
    private readonly f: Objective,
    n: number,
    private readonly onEval?: (x: Float64Array, f: number) => void,
  ) {
    this.bestX = new Float64Array(n);
  }

  /** Evaluate at x (copied before the call); returns the (possibly replaced) value. */
  eval(x: Float64Array): number {
    const xc = Float64Array.from(x);
    const raw = this.f(xc);
    this.nf++;
    if (this.onEval) this.onEval(Float64Array.from(x), raw);
    let v = raw;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      v = Number.isFinite(this.fmax) ? this.fmax + Math.max(1, this.fmax - this.fmin) : 1e300;
    } else {
      if (v < this.fmin) this.fmin = v;
      if (v > this.fmax) this.fmax = v;
    }
    if (v < this.bestF || this.nf === 1) {
      this.bestF = v;
      this.bestX.set(x);
    }
    return v;
  }
}

/** What both optimizers set up first: the checked problem, its free coordinates, the evaluator and the result builder. */
export interface Session {
  readonly P: Problem;
  readonly maxfun: number;
  readonly ev: Evaluator;
  /** Coordinates with lower < upper (the others are fixed at their bound). */
  readonly free: number[];
  /** The best point evaluated, as an OptimResult with the given code and message. */
  result(code: number, message: string): OptimResult;
}

export function startSession(fn: string, optimizer: OptimResult["optimizer"], f: Objective, x0: ArrayLike<number>, opts: BoundedOptions): Session {
  checkOptions(fn, opts, BOUNDED_OPTIONS);
  const P = checkProblem(fn, x0, opts);
  const maxfun = opts.maxfun ?? 10000;
  const ev = new Evaluator(f, P.n, opts.onEval);
  const free: number[] = [];
  for (let i = 0; i < P.n; i++) if (P.lower[i] < P.upper[i]) free.push(i);
  const result = (code: number, message: string): OptimResult => ({
    x: Float64Array.from(ev.bestX),
    fval: ev.bestF,
    feval: ev.nf,
    converged: code === 0,
    code,
    message: code === 1 ? optimStatus.maxfun(maxfun) : message,
    optimizer,
  });
  return { P, maxfun, ev, free, result };
}
