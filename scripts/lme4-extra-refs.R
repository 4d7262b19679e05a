# Writes test/fixtures/lme4-extra/*.json: lme4 results for GLMMs the shared references do not
# cover (Gamma and inverse.gaussian families, non-canonical binomial links, a poisson offset).
# Run from the project root with R and lme4 installed (scripts/install-r.sh):
#   Rscript scripts/lme4-extra-refs.R
# The JSON layout follows ../shared/reference (call + fit), so the same comparison code reads it;
# log-likelihoods are on the full scale for every nAGQ (see the comment at `logLik` below).
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
cases <- list(
  list(id = "cake_gamma_log", data = "cake", formula = "angle ~ recipe + temperature + (1 | replicate)", family = "Gamma", link = "log"),
  list(id = "cake_gamma_inverse", data = "cake", formula = "angle ~ recipe + temperature + (1 | replicate)", family = "Gamma", link = "inverse"),
  list(id = "cake_gamma_log_nagq0", data = "cake", formula = "angle ~ recipe + temperature + (1 | replicate)", family = "Gamma", link = "log", nAGQ = 0),
  list(id = "cake_invgauss_log", data = "cake", formula = "angle ~ recipe + temperature + (1 | replicate)", family = "inverse.gaussian", link = "log"),
  list(id = "grouseticks_poisson_agq9", data = "grouseticks", formula = "TICKS ~ YEAR + HEIGHT + (1 | BROOD)", family = "poisson", link = "log", nAGQ = 9),
  list(id = "cbpp_probit", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial", link = "probit"),
  list(id = "cbpp_cloglog", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial", link = "cloglog"),
  list(id = "cbpp_poisson_offset", data = "cbpp", formula = "incidence ~ period + offset(log(size)) + (1 | herd)", family = "poisson", link = "log")
)
dir.create(file.path("test", "fixtures", "lme4-extra"), showWarnings = FALSE, recursive = TRUE)
for (cs in cases) {
  d <- readData(cs$data)
  fam <- get(cs$family)(link = cs$link)
  nAGQ <- if (is.null(cs$nAGQ)) 1 else cs$nAGQ
  m <- glmer(as.formula(cs$formula), data = d, family = fam, nAGQ = nAGQ)
  vc <- as.data.frame(VarCorr(m))
  vc <- vc[vc$grp != "Residual" & is.na(vc$var2), ]
  fit <- list(
    class = "glmerMod", family = cs$family, link = cs$link, nobs = nobs(m),
    fixef = as.list(fixef(m)), se = as.list(sqrt(diag(as.matrix(vcov(m))))),
    # lme4 1.1-31 reports nAGQ > 1 log-likelihoods relative to the saturated model: add the
    # saturated log-likelihood so that every value is on the full scale (as ../shared/reference)
    logLik = as.numeric(logLik(m)) + if (nAGQ > 1) -fam$aic(m@resp$y, m@resp$n, m@resp$y, m@resp$weights, 0) / 2 else 0, df = attr(logLik(m), "df"), sigma = sigma(m),
    theta = I(unname(getME(m, "theta"))),
    varcorr = lapply(seq_len(nrow(vc)), function(i) list(group = vc$grp[i], names = vc$var1[i], sd = vc$sdcor[i])),
    ranef = I(unname(ranef(m, condVar = TRUE)[[1]][, 1])),
    condVar = I(unname(as.vector(attr(ranef(m, condVar = TRUE)[[1]], "postVar")))),
    warnings = as.list(m@optinfo$conv$lme4$messages)
  )
  out <- list(id = cs$id, data = cs$data, engine = paste("lme4", packageVersion("lme4")),
              call = list(formula = cs$formula, family = cs$family, link = cs$link, nAGQ = nAGQ), fit = fit)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
             file.path("test", "fixtures", "lme4-extra", paste0(cs$id, ".json")))
  cat(cs$id, format(fit$logLik, digits = 10), "\n")
}
