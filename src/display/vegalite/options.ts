/**
 * What each plot builder's options accept (see src/validate/): a misspelled key or a value of the
 * wrong kind is an error naming the builder, the option and what is allowed.
 */
import { bool, checkOptions, int, num, numbers, oneOf, str, strings, type Check, type OptionSpec } from "../../validate/index.js";

const CHART: OptionSpec = { title: str, width: num(1), height: num(1) };
const positive = num(0, Infinity, true);
const z: Check = num(0, Infinity, true);
const titles: OptionSpec = { xTitle: str, yTitle: str };

const SPECS = {
  binnedResiduals: { ...CHART, ...titles, bins: int(1), band: oneOf("model", "empirical") },
  residualsVsFitted: { ...CHART, smooth: bool, colorByGroup: bool, sigma: positive },
  scaleLocation: { ...CHART, smooth: bool, colorByGroup: bool, sigma: positive },
  qqResiduals: { ...CHART, line: bool },
  ppCheck: { ...CHART, xTitle: str, type: oneOf("density", "ecdf"), gridSize: int(2), bandwidth: positive, maxReplicates: int(1) },
  scaledResidualsQQ: CHART,
  predictionPlot: { ...CHART, ...titles, groupTitle: str, facetByGroup: bool, columns: int(1) },
  profileZeta: { ...CHART, levels: numbers, columns: int(1) },
  caterpillar: { ...CHART, z, order: oneOf("first", "each") },
  qqRanef: { ...CHART, z },
  effectPlot: { ...CHART, ...titles },
  emmeansPlot: { ...CHART, ...titles },
  cooksDistance: CHART,
  leverage: CHART,
  dharmaQQ: CHART,
  laplaceIntegrands: { ...CHART, levels: strings, maxLevels: int(1), columns: int(1) },
  tz: { ...CHART, levels: strings, maxLevels: int(1), columns: int(1), yDomain: numbers },
  dharmaResiduals: { ...CHART, predictor: numbers, predictorName: str },
  dharma: { ...CHART, predictor: numbers, predictorName: str },
  checkModel: { ...CHART, columns: int(1) },
  smooth: { ...CHART, ...titles, rug: bool, n: int(2, 100000), x: numbers, level: num(0, 1, true), shift: num(), type: oneOf("link", "response") },
} as const satisfies Record<string, OptionSpec>;

/** Validates the options of plot builder `fn`. */
export function checkPlotOptions(fn: keyof typeof SPECS, o: unknown): void {
  checkOptions(`plots.${fn}`, o, SPECS[fn]);
}
