/**
 * The data sets shipped in the package's `datasets/` folder (CSV + `.schema.json`, exported
 * from R's lme4 / mlmRev, plus the simulated `ar1sim`), loaded by name into Frames with R's
 * factor levels. Files are found relative to this module: `<root>/src/datasets/index.ts`
 * under vitest and `<root>/dist/datasets/index.js` after `tsc` both resolve
 * `../../datasets/` to `<root>/datasets/`. Each Frame is parsed once and cached (Frames are
 * immutable). Node only (reads files with `node:fs`).
 */
import { fileURLToPath } from "node:url";
import type { Frame } from "../data/types.js";
import { readCsv } from "../data/csv.js";
import { closestName } from "../data/rformat.js";
import { unknownDataset } from "../messages/data.js";

/** Names of the shipped data sets, as R spells them. */
export const DATASET_NAMES = [
  "sleepstudy",
  "Dyestuff",
  "Dyestuff2",
  "Penicillin",
  "Pastes",
  "cake",
  "cbpp",
  "cbpp2",
  "Contraception",
  "InstEval",
  "VerbAgg",
  "grouseticks",
  "toenail",
  "Arabidopsis",
  "ar1sim",
] as const;

/** One of the shipped data set names. */
export type DatasetName = (typeof DATASET_NAMES)[number];

const cache = new Map<string, Frame>();

/** The folder holding the shipped CSV and schema files. */
export function datasetsDir(): string {
  return fileURLToPath(new URL("../../datasets/", import.meta.url));
}

function load(name: string): Frame {
  const known = (DATASET_NAMES as readonly string[]).includes(name);
  if (!known) unknownDataset(name, DATASET_NAMES, closestName(name, DATASET_NAMES));
  let f = cache.get(name);
  if (f === undefined) {
    const dir = datasetsDir();
    f = readCsv(`${dir}${name}.csv`, `${dir}${name}.schema.json`);
    cache.set(name, f);
  }
  return f;
}

/** One loader per shipped data set: `datasets.sleepstudy()` returns a fresh Frame. */
export type DatasetLoaders = { readonly [K in DatasetName]: () => Frame };

const loaders = Object.fromEntries(DATASET_NAMES.map((n) => [n, () => load(n)])) as unknown as DatasetLoaders;

/**
 * The shipped data sets: `datasets.sleepstudy()` (180 × Reaction, Days, Subject), `Dyestuff`,
 * `Dyestuff2`, `Penicillin`, `Pastes`, `cake`, `cbpp`, `cbpp2`, `Contraception`, `InstEval`
 * (73,421 rows), `VerbAgg`, `grouseticks`, `toenail`, `Arabidopsis`, `ar1sim`;
 * `datasets.names()` lists them and `datasets.load(name)` loads one by name (an unknown name
 * is an LmeError("data") suggesting a close match). Results are cached.
 */
export const datasets: DatasetLoaders & {
  readonly names: () => readonly DatasetName[];
  readonly load: (name: string) => Frame;
} = {
  ...loaders,
  names: () => DATASET_NAMES.slice(),
  load,
};
