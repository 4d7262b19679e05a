# Writes test/fixtures/getme/*.json: lme4's getME() components (dense where sparse), for the
# accessor tests (test/results/getME.test.ts). Run from the project root:
#   Rscript scripts/getme-refs.R
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
dense <- function(M) { M <- as.matrix(M); list(dim = dim(M), x = I(as.vector(M))) }
cases <- list(
  list(id = "sleepstudy", data = "sleepstudy", formula = "Reaction ~ Days + (Days | Subject)", glmm = FALSE),
  list(id = "penicillin", data = "Penicillin", formula = "diameter ~ 1 + (1 | plate) + (1 | sample)", glmm = FALSE),
  list(id = "cbpp", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", glmm = TRUE)
)
for (cs in cases) {
  d <- readData(cs$data)
  m <- if (cs$glmm) glmer(as.formula(cs$formula), data = d, family = binomial) else lmer(as.formula(cs$formula), data = d)
  cnms <- getME(m, "cnms")
  fl <- getME(m, "flist")
  out <- list(
    id = cs$id, data = cs$data, formula = cs$formula, glmm = cs$glmm,
    X = dense(getME(m, "X")), Xnames = I(colnames(getME(m, "X"))),
    Z = dense(getME(m, "Z")), Zt = dense(getME(m, "Zt")),
    Lambda = dense(getME(m, "Lambda")), Lambdat = dense(getME(m, "Lambdat")),
    theta = I(unname(getME(m, "theta"))), beta = I(unname(getME(m, "beta"))),
    u = unname(getME(m, "u")), b = unname(as.vector(getME(m, "b"))),
    lower = I(getME(m, "lower")), Gp = getME(m, "Gp"), n_rtrms = getME(m, "n_rtrms"),
    cnms = lapply(seq_along(cnms), function(k) list(group = names(cnms)[k], names = I(cnms[[k]]))),
    flist = lapply(names(fl), function(nm) list(name = nm, levels = I(levels(fl[[nm]])), codes = as.integer(fl[[nm]]) - 1L)),
    mu = unname(getME(m, "mu")), y = unname(getME(m, "y")), offset = unname(getME(m, "offset")),
    modelFrameNames = names(model.frame(m)), nobs = nobs(m),
    termLabels = I(attr(terms(m), "term.labels")),
    allTermLabels = I(attr(terms(m, fixed.only = FALSE), "term.labels"))
  )
  if (!cs$glmm) {
    dc <- getME(m, "devcomp")
    out$RX <- dense(getME(m, "RX"))
    out$devcomp <- list(cmp = as.list(dc$cmp[c("ldL2", "ldRX2", "wrss", "ussq", "pwrss", "dev", "sigmaML", "sigmaREML", "REML")]),
                        dims = as.list(dc$dims[c("N", "n", "p", "nmp", "nth", "q", "useSc", "reTrms", "REML", "GLMM", "NLMM")]))
  }
  writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null"), file.path("test", "fixtures", "getme", paste0(cs$id, ".json")))
}
