/** Command-line argument parsing for `lme4ts`. */
import { LmeError } from "../messages/error.js";
import { cliEmptyValue, cliNeedsFamily, cliRepeated, cliWholeNumber } from "../messages/options.js";
import { OPTIMIZERS } from "../optim/names.js";
import { checkValue, oneOf } from "../validate/index.js";

export interface FitArgs {
  data: string;
  schema?: string;
  formula: string;
  reml: boolean;
  weights?: string;
  json: boolean;
  time: number;
  family?: string;
  link?: string;
  nagq: number;
  optimizer?: string;
  condVar: boolean;
  /** duckdb, clickhouse or memory (default: LME4TS_ENGINE, else memory). */
  engine?: string;
  /** A table of the database (with --engine duckdb/clickhouse). */
  table?: string;
  /** A SQL query giving the data (with --engine duckdb/clickhouse). */
  query?: string;
  /** glmmTMB's ziformula (zero-inflation model), e.g. "~ 1". */
  ziformula?: string;
  /** glmmTMB's dispformula (dispersion model), e.g. "~ x". */
  dispformula?: string;
}

export const USAGE = `usage: lme4ts fit --data FILE.csv [--schema FILE.schema.json] --formula "y ~ x + (1 | g)"
                  [--reml true|false] [--weights COLUMN] [--family NAME [--link NAME] [--nagq K]
                   [--ziformula "~ x"] [--dispformula "~ x"]]
                  [--optimizer bobyqa|nelder_mead|L-BFGS-B|minqa] [--json] [--time N] [--no-condvar]
                  [--engine memory|duckdb|clickhouse] [--table NAME | --query SQL]`;

/** A whole number ≥ 0 written in decimal digits (Number() would take "", "0x9", "1e1"). */
function wholeNumber(flag: string, v: string): number {
  if (!/^\s*\d+\s*$/.test(v)) throw cliWholeNumber(flag, v);
  return Number(v);
}

/**
 * Parses `fit`'s flags. Every flag may appear once; a value may not be empty; numbers must be
 * whole decimal numbers; `--optimizer` must name an optimizer; `--link` and `--nagq` need
 * `--family` (without it the model is a linear one and they would be ignored).
 */
export function parseFitArgs(argv: readonly string[]): FitArgs {
  const a: Partial<FitArgs> & { reml: boolean; json: boolean; time: number; nagq: number; condVar: boolean } = { reml: true, json: false, time: 0, nagq: 1, condVar: true };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (seen.has(k)) throw cliRepeated(k);
    seen.add(k);
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new LmeError("usage", `${k} needs a value\n${USAGE}`);
      if (v.trim() === "") throw cliEmptyValue(k);
      return v;
    };
    switch (k) {
      case "--data": a.data = val(); break;
      case "--schema": a.schema = val(); break;
      case "--formula": a.formula = val(); break;
      case "--reml": {
        const v = val().toLowerCase();
        if (!["true", "false"].includes(v)) throw new LmeError("usage", `--reml takes true or false, not '${v}'`);
        a.reml = v === "true";
        break;
      }
      case "--weights": a.weights = val(); break;
      case "--json": a.json = true; break;
      case "--no-condvar": a.condVar = false; break;
      case "--time": a.time = wholeNumber(k, val()); break;
      case "--family": a.family = val(); break;
      case "--link": a.link = val(); break;
      case "--nagq": a.nagq = wholeNumber(k, val()); break;
      case "--engine": a.engine = val(); checkValue("lme4ts fit", "--engine", a.engine, oneOf("memory", "duckdb", "clickhouse")); break;
      case "--table": a.table = val(); break;
      case "--query": a.query = val(); break;
      case "--ziformula": a.ziformula = val(); break;
      case "--dispformula": a.dispformula = val(); break;
      case "--optimizer": a.optimizer = val(); checkValue("lme4ts fit", "--optimizer", a.optimizer, oneOf(...OPTIMIZERS)); break;
      default:
        throw new LmeError("usage", `unknown option '${k}'\n${USAGE}`);
    }
  }
  if (a.table !== undefined && a.query !== undefined) throw new LmeError("usage", `give --table or --query, not both\n${USAGE}`);
  if (!a.data && a.table === undefined && a.query === undefined) throw new LmeError("usage", `--data is required\n${USAGE}`);
  if (a.formula === undefined) throw new LmeError("usage", `--formula is required\n${USAGE}`);
  if (!a.family) for (const f of ["--link", "--nagq", "--ziformula", "--dispformula"]) if (seen.has(f)) throw cliNeedsFamily(f);
  if (a.family && seen.has("--reml")) throw cliNeedsFamily("--reml", true);
  return a as FitArgs;
}
