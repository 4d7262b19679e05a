/**
 * Help and version texts of the `lme4ts` command: `lme4ts --help`, `lme4ts --version`,
 * `lme4ts fit --help`, and the one-line error for an unknown subcommand.
 */
import { readFileSync } from "node:fs";

/** The package version, read from the package.json next to dist/ (dist/cli/help.js → ../../package.json). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/** `lme4ts --help`. */
export const MAIN_HELP = `lme4ts — mixed-effects models (R's lme4: lmer, glmer) in TypeScript

usage: lme4ts <command> [options]

commands:
  fit                 fit an lmer or glmer model to a CSV file and print its summary (or JSON)
  kernel install      register the lme4ts TypeScript notebook kernel with Jupyter
  kernel uninstall    remove it again

options:
  -h, --help          this help (\`lme4ts fit --help\`, \`lme4ts kernel --help\` for a command's)
  -v, --version       print the version

examples:
  npx lme4ts fit --data sleepstudy.csv --formula "Reaction ~ Days + (Days | Subject)"
  npx lme4ts kernel install --user`;

/** `lme4ts fit --help`: every flag of `fit`. */
export const FIT_HELP = `usage: lme4ts fit --data FILE.csv --formula "y ~ x + (1 | g)" [options]

Fits a linear mixed model (lmer; REML by default) or, with --family, a generalized linear
mixed model (glmer), and prints lme4's summary; --json prints one fit report instead.

  --data FILE.csv        the data (header row; numeric columns are numbers, others factors)
  --schema FILE.json     column types and factor level order (a .schema.json, as datasets/ has)
  --formula "..."        lme4's model formula, e.g. "Reaction ~ Days + (Days | Subject)"
  --reml true|false      REML (default true) or maximum likelihood; lmer only
  --weights COLUMN       prior weights from a numeric column
  --family NAME          fit a GLMM: binomial, poisson, Gamma, inverse.gaussian or gaussian, or
                         the negative binomial nbinom2 (Var = mu + mu^2/theta) or nbinom1
                         (Var = mu (1 + phi)), fitted as glmmTMB does (log link); --json adds
                         "dispersion" (theta or phi); beta (logit link, precision phi) and
                         betabinomial (cbind(successes, failures) response) as glmmTMB's;
                         genpois (generalized Poisson, Var = mu phi); compois (Conway-Maxwell-
                         Poisson, mean mu, nu = 1/phi); truncated_poisson and
                         truncated_nbinom2 (zero-truncated; with --ziformula the hurdle model)
  --ziformula "~ x"      zero-inflation model (poisson, nbinom2, nbinom1, genpois, compois): logit of the
                         probability of a structural zero; with truncated_poisson or
                         truncated_nbinom2 the logit of the probability of a zero (hurdle);
                         fixed effects only
  --dispformula "~ x"    dispersion model: log of sigma^2 (gaussian), theta (nbinom2,
                         truncated_nbinom2) or phi (nbinom1, beta, betabinomial, genpois,
                         compois)
  --link NAME            the link function (default: the family's canonical link)
  --nagq K               adaptive Gauss-Hermite points for glmer: 1 = Laplace (default), 0, or up to 25
  --optimizer NAME       bobyqa, nelder_mead (Nelder_Mead), L-BFGS-B or minqa
  --json                 print one JSON fit report (fixed effects, SEs, vcov, theta, sigma,
                         variance components, logLik, AIC, BIC, conditional modes and sds)
  --no-condvar           leave the conditional sds of the random effects out of --json
  --engine NAME          memory (default), duckdb or clickhouse: with a database engine the fit
                         runs from aggregations pushed down to the engine (also read from the
                         environment variable LME4TS_ENGINE); --data may then be a Parquet file
  --table NAME           a table of the database (--data a DuckDB file; ClickHouse: the table)
  --query SQL            a query giving the data (in DuckDB over a --data file it may name it \`data\`)
  --time N               refit N more times after a warm-up and report the median time of one fit
  -h, --help             this help`;

/** The one line printed for an unknown subcommand. */
export function unknownCommand(cmd: string): string {
  return `lme4ts: unknown command '${cmd}' (commands: fit, kernel; see \`lme4ts --help\`)`;
}
