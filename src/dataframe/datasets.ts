/**
 * The shipped data sets as danfo DataFrames: `dataframes.sleepstudy()` is
 * `frameToDataFrame(datasets.sleepstudy())`. Loads danfo on first call (LmeError if it cannot).
 */
import { DATASET_NAMES, datasets, type DatasetName } from "../datasets/index.js";
import { frameToDataFrame, type DanfoDataFrame } from "./danfo.js";

/** One loader per shipped data set: `dataframes.sleepstudy()` returns a fresh danfo DataFrame. */
export type DataFrameLoaders = { readonly [K in DatasetName]: () => DanfoDataFrame };

const loaders = Object.fromEntries(
  DATASET_NAMES.map((n) => [n, () => frameToDataFrame(datasets.load(n))]),
) as unknown as DataFrameLoaders;

/**
 * Each shipped data set (same names as `datasets`) as a new danfo DataFrame: numeric columns
 * as numbers, factors as string columns. A fresh DataFrame per call (danfo frames are
 * mutable; the parsed Frame underneath is cached). Caveat: danfo has no factor type, so R's
 * level order is lost; fitting from the DataFrame re-derives levels by sorting (same as R's
 * for most sets; ordered factors become unordered). `dataframes.names()` lists the sets,
 * `dataframes.load(name)` loads one by name (unknown names: LmeError suggesting a close match).
 */
export const dataframes: DataFrameLoaders & {
  readonly names: () => readonly DatasetName[];
  readonly load: (name: string) => DanfoDataFrame;
} = {
  ...loaders,
  names: () => DATASET_NAMES.slice(),
  load: (name: string) => frameToDataFrame(datasets.load(name)),
};
