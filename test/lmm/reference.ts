/** Loads lme4 reference fixtures (copied from ../shared/reference) and their data sets. */
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { readCsv } from "../../src/data/index.js";
import type { Frame } from "../../src/data/types.js";

export interface RefCase {
  id: string;
  data: string;
  call: { formula: string; REML?: boolean; family?: string; link?: string; nAGQ?: number; weights?: string | null };
  fit: any;
  extra?: any;
}

const fixtures = new URL("../fixtures/reference/", import.meta.url);

export function referenceCases(filter: (r: RefCase) => boolean = () => true): RefCase[] {
  return readdirSync(fixtures)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, fixtures), "utf8")) as RefCase)
    .filter(filter);
}

export function loadRef(id: string): RefCase {
  return JSON.parse(readFileSync(new URL(`${id}.json`, fixtures), "utf8"));
}

/** The case's data: project datasets/ first, else ../shared/reference/data (derived columns). */
export function refData(name: string): Frame {
  const local = new URL(`../../datasets/${name}.csv`, import.meta.url);
  if (existsSync(local)) return readCsv(local.pathname);
  const shared = new URL(`../../../shared/reference/data/${name}.csv`, import.meta.url);
  return readCsv(shared.pathname);
}
