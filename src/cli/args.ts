/** Command-line argument parsing for `lme4ts`. */
import { LmeError } from "../messages/error.js";

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
}

export const USAGE = `usage: lme4ts fit --data FILE.csv [--schema FILE.schema.json] --formula "y ~ x + (1 | g)"
                  [--reml true|false] [--weights COLUMN] [--family NAME [--link NAME] [--nagq K]]
                  [--optimizer bobyqa|nelder_mead] [--json] [--time N] [--no-condvar]`;

export function parseFitArgs(argv: readonly string[]): FitArgs {
  const a: Partial<FitArgs> & { reml: boolean; json: boolean; time: number; nagq: number; condVar: boolean } = { reml: true, json: false, time: 0, nagq: 1, condVar: true };
  const given = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    given.add(k);
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new LmeError("usage", `${k} needs a value\n${USAGE}`);
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
      case "--time": {
        const v = Number(val());
        if (!Number.isInteger(v) || v < 0) throw new LmeError("usage", "--time takes a whole number of repetitions");
        a.time = v;
        break;
      }
      case "--family": a.family = val(); break;
      case "--link": a.link = val(); break;
      case "--nagq": {
        const v = Number(val());
        if (!Number.isInteger(v) || v < 0) throw new LmeError("usage", "--nagq takes a whole number ≥ 0");
        a.nagq = v;
        break;
      }
      case "--optimizer": a.optimizer = val(); break;
      default:
        throw new LmeError("usage", `unknown option '${k}'\n${USAGE}`);
    }
  }
  if (!a.data) throw new LmeError("usage", `--data is required\n${USAGE}`);
  if (a.formula === undefined) throw new LmeError("usage", `--formula is required\n${USAGE}`);
  // Options that the chosen model would ignore are errors, not silently dropped.
  if (!a.family) for (const k of ["--nagq", "--link"]) if (given.has(k)) throw new LmeError("usage", `${k} applies to GLMMs: add --family (e.g. --family binomial), or leave ${k} out for a linear mixed model`);
  if (a.family && given.has("--reml")) throw new LmeError("usage", "--reml applies to linear mixed models (no --family); GLMMs are fitted by maximum likelihood");
  return a as FitArgs;
}
