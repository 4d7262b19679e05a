/**
 * Catalogue rows for models fitted from a database source (DuckDB, in process): data-dependent
 * terms learned by aggregation passes, what still needs the rows in memory, and the simulation
 * and bootstrap that run in the engine.
 */
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { lmer, fromDuckDB, sourceBootMer, readCsv, readSchema } from "../../../src/index.js";
import type { CatalogueRow } from "../catalogue.js";

const ds = (name: string) => fileURLToPath(new URL(`../../../datasets/${name}`, import.meta.url));
const sleep = () => fromDuckDB(ds("sleepstudy.csv"), undefined, { schema: readSchema(ds("sleepstudy.schema.json")) });
const memory = (f: string) => lmer(f, readCsv(ds("sleepstudy.csv"), ds("sleepstudy.schema.json")));

export const rows: CatalogueRow[] = [
  {
    id: "source-poly-scale",
    category: "formula",
    input: 'await lmer("Reaction ~ poly(Days, 2) + scale(Days):Days + (1 | Subject)", fromDuckDB("sleepstudy.csv"))',
    run: async () => {
      const f = "Reaction ~ poly(Days, 2) + scale(Days):Days + (1 | Subject)";
      return { db: await lmer(f, sleep()), mem: memory(f) };
    },
    expect: {
      ok: true,
      check: ({ db, mem }) => {
        expect(db.fixefNames).toEqual(mem.fixefNames);
        mem.beta.forEach((b: number, i: number) => expect(Math.abs(db.beta[i] - b)).toBeLessThanOrEqual(1e-8 * Math.abs(b)));
      },
    },
    why: "poly() and scale() on a database source are learned by exact aggregation passes (the mean, the Stieltjes sums, Σ(x − center)²) with the in-memory learner's math, then written into the SQL: the fit equals the in-memory fit (1e-8).",
  },
  {
    id: "source-spline-basis",
    category: "formula",
    input: 'await lmer("Reaction ~ ns(Days, 3) + (1 | Subject)", fromDuckDB("sleepstudy.csv"))',
    run: () => lmer("Reaction ~ ns(Days, 3) + (1 | Subject)", sleep()),
    expect: { error: /'ns\(Days, 3\)' cannot be computed inside the database: spline bases \(ns, bs\) are not pushed down/ },
    why: "Spline knots (order statistics) and B-spline values are not translated to SQL yet; the message says to compute the basis as a column of the table or to fit in memory.",
  },
  {
    id: "source-refit",
    category: "inference",
    input: "(await lmer(f, fromDuckDB(…))).refit(y)",
    run: async () => (await lmer("Reaction ~ Days + (1 | Subject)", sleep())).refit(new Float64Array(180)),
    expect: { error: /refit\(\) of a model fitted from a database source needs the rows.*refit with lmer on the database source/ },
    why: "A response array cannot be matched to rows that stay in the engine; a new response is a column or a query of the source, fitted with lmer. Parametric bootstrap replicates: sourceBootMer.",
  },
  {
    id: "source-bootmer-function",
    category: "inference",
    input: "await sourceBootMer(m, (fit) => fit.beta[1], { nsim: 10 })",
    run: async () => sourceBootMer(await lmer("Reaction ~ Days + (1 | Subject)", sleep()), ((fit: { beta: number[] }) => fit.beta[1]) as never, { nsim: 10 }),
    expect: { error: /statistic must be "fixef", "theta", "sdcor" or "all".*needs the rows/ },
    why: "The bootstrap from a source refits from cross products aggregated in the engine, so its refits have no rows for an arbitrary statistic function; the built-in statistics cover lme4's confint(method = \"boot\").",
  },
];
