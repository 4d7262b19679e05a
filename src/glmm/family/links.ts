/**
 * The link functions of R's `make.link`, with the inverse-link and dμ/dη clamps of lme4's C++
 * `glmFamily` (lme4 1.1-31), because that, not R's `stats` code, is what lme4's PIRLS evaluates:
 *
 * | link | linkinv | mu.eta |
 * |---|---|---|
 * | logit | max(ε, min(1−ε, plogis(η))) | max(ε, dlogis(η)) |
 * | probit | min(1−ε, Φ(η)) | φ(η) |
 * | cauchit | min(1−ε, pcauchy(η)) | dcauchy(η) |
 * | cloglog | max(ε, min(1−ε, −expm1(−e^η))) | max(ε, exp(η − e^η)) |
 * | log | max(ε, e^η) | max(ε, e^η) |
 * | identity, inverse | η, 1/η | 1, −1/η² |
 * | sqrt, 1/mu^2 (R's stats) | η², 1/√η | 2η, −1/(2η^1.5) |
 *
 * ε = 2.220446e-16 (DBL_EPSILON). R's own `binomial()$linkinv` differs only beyond |η| > 30
 * (it returns ε/(1+ε) and 1/(1+ε) there, and mu.eta = ε), i.e. by less than 1e-15 in μ.
 */
import { LmeError } from "../../messages/error.js";
import { unknownLink } from "../../messages/family.js";
import type { Link } from "./types.js";
import { DBL_EPSILON, dcauchy, dlogis, dnorm, pcauchy, plogis, pnorm, qcauchy, qlogis, qnorm } from "./special.js";
import { requireShape } from "../../model/args.js";

const EPS = DBL_EPSILON;
const ONE_M_EPS = 1 - DBL_EPSILON;

/** The scalar pieces of a link; `defineLink` derives the vector forms. */
export interface LinkSpec {
  readonly name: string;
  linkfun(mu: number): number;
  linkinv(eta: number): number;
  muEta(eta: number): number;
  /** Defaults to "η is finite". */
  valideta?(eta: number): boolean;
}

/**
 * Builds a `Link` from scalar functions (for user-defined links); the in-place vector forms
 * loop over the scalar ones.
 */
export function defineLink(spec: LinkSpec): Link {
  requireShape("defineLink", spec, "a link spec { name, linkfun, linkinv, muEta }", ["name", "linkfun", "linkinv", "muEta"]);
  const { name, linkfun, linkinv, muEta } = spec;
  if (typeof name !== "string" || typeof linkfun !== "function" || typeof linkinv !== "function" || typeof muEta !== "function") {
    throw new LmeError("family", "a custom link needs a name and the functions linkfun(mu), linkinv(eta) and muEta(eta)");
  }
  const valideta = spec.valideta ?? ((eta: number) => Number.isFinite(eta));
  return {
    name,
    linkfun,
    linkinv,
    muEta,
    valideta,
    linkinvInto(eta, out) {
      for (let i = 0; i < eta.length; i++) out[i] = linkinv(eta[i]!);
    },
    muEtaInto(eta, out) {
      for (let i = 0; i < eta.length; i++) out[i] = muEta(eta[i]!);
    },
  };
}

const always = () => true;

function logitInv(eta: number): number {
  const p = plogis(eta);
  return p > ONE_M_EPS ? ONE_M_EPS : p < EPS ? EPS : p;
}
function logitMuEta(eta: number): number {
  const d = dlogis(eta);
  return d < EPS ? EPS : d;
}

const logit: Link = {
  name: "logit",
  linkfun: qlogis,
  linkinv: logitInv,
  muEta: logitMuEta,
  valideta: always,
  linkinvInto(eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = logitInv(eta[i]!);
  },
  muEtaInto(eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = logitMuEta(eta[i]!);
  },
};

const probit = defineLink({
  name: "probit",
  linkfun: qnorm,
  linkinv: (eta) => Math.min(ONE_M_EPS, pnorm(eta)),
  muEta: dnorm,
  valideta: always,
});

const cauchit = defineLink({
  name: "cauchit",
  linkfun: qcauchy,
  linkinv: (eta) => Math.min(ONE_M_EPS, pcauchy(eta)),
  muEta: dcauchy,
  valideta: always,
});

const cloglog = defineLink({
  name: "cloglog",
  linkfun: (mu) => Math.log(-Math.log(1 - mu)),
  linkinv: (eta) => Math.max(EPS, Math.min(ONE_M_EPS, -Math.expm1(-Math.exp(eta)))),
  muEta: (eta) => Math.max(EPS, Math.exp(eta - Math.exp(eta))),
  valideta: always,
});

function boundExp(eta: number): number {
  const e = Math.exp(eta);
  return e < EPS ? EPS : e;
}

const log: Link = {
  name: "log",
  linkfun: Math.log,
  linkinv: boundExp,
  muEta: boundExp,
  valideta: always,
  linkinvInto(eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = boundExp(eta[i]!);
  },
  muEtaInto(eta, out) {
    for (let i = 0; i < eta.length; i++) out[i] = boundExp(eta[i]!);
  },
};

const identity: Link = {
  name: "identity",
  linkfun: (mu) => mu,
  linkinv: (eta) => eta,
  muEta: () => 1,
  valideta: always,
  linkinvInto(eta, out) {
    if (out !== eta) out.set(eta.subarray(0, out.length));
  },
  muEtaInto(_eta, out) {
    out.fill(1);
  },
};

const inverse = defineLink({
  name: "inverse",
  linkfun: (mu) => 1 / mu,
  linkinv: (eta) => 1 / eta,
  muEta: (eta) => -1 / (eta * eta),
  valideta: (eta) => Number.isFinite(eta) && eta !== 0,
});

const sqrt = defineLink({
  name: "sqrt",
  linkfun: Math.sqrt,
  linkinv: (eta) => eta * eta,
  muEta: (eta) => 2 * eta,
  valideta: (eta) => Number.isFinite(eta) && eta > 0,
});

const invSquare = defineLink({
  name: "1/mu^2",
  linkfun: (mu) => 1 / (mu * mu),
  linkinv: (eta) => 1 / Math.sqrt(eta),
  muEta: (eta) => -1 / (2 * Math.pow(eta, 1.5)),
  valideta: (eta) => Number.isFinite(eta) && eta > 0,
});

const LINKS: ReadonlyMap<string, Link> = new Map(
  [logit, probit, cauchit, cloglog, log, identity, inverse, sqrt, invSquare].map((l) => [l.name, l]),
);

/** Names accepted by `makeLink`, in R's `make.link` order. */
export const LINK_NAMES: readonly string[] = ["logit", "probit", "cauchit", "cloglog", "identity", "log", "sqrt", "1/mu^2", "inverse"];

/**
 * The link called `name` (R's `make.link(name)`): one of "logit", "probit", "cauchit",
 * "cloglog", "identity", "log", "sqrt", "1/mu^2", "inverse". Links are immutable singletons.
 * Throws LmeError("family") listing the valid names otherwise.
 */
export function makeLink(name: string): Link {
  const l = LINKS.get(name);
  if (!l) throw unknownLink(String(name), LINK_NAMES);
  return l;
}
