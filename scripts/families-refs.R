# Writes test/fixtures/families/*.json: glmmTMB 1.1.5 (nbinom2, nbinom1; Laplace, joint maximization
# over fixed effects, log-sd of the random effects and the log dispersion) and lme4 1.1-31's
# glmer.nb (alternating search over θ) on grouseticks and glmmTMB's Salamanders, plus the Poisson
# glmer of each model for likelihood-ratio tests. Also writes the Salamanders data it uses as
# test/fixtures/families/Salamanders.csv (+ schema). Run from the project root:
#   Rscript scripts/families-refs.R
suppressMessages({ library(lme4); library(glmmTMB); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
out <- file.path("test", "fixtures", "families")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

data(Salamanders, package = "glmmTMB")
sal <- Salamanders[, c("site", "mined", "cover", "spp", "count")]
sal$site <- factor(as.character(sal$site), levels = levels(Salamanders$site))
write.csv(sal, file.path(out, "Salamanders.csv"), row.names = FALSE)
schema <- list(name = "Salamanders", source = "R package glmmTMB 1.1.5 (data(Salamanders)), columns site, mined, cover, spp, count", nrow = nrow(sal),
  columns = list(
    list(name = "site", type = "factor", levels = levels(sal$site), ordered = FALSE),
    list(name = "mined", type = "factor", levels = levels(sal$mined), ordered = FALSE),
    list(name = "cover", type = "numeric"),
    list(name = "spp", type = "factor", levels = levels(sal$spp), ordered = FALSE),
    list(name = "count", type = "numeric")))
writeLines(toJSON(schema, auto_unbox = TRUE, pretty = TRUE), file.path(out, "Salamanders.schema.json"))

datasets <- list(grouseticks = readData("grouseticks"), Salamanders = sal)
cases <- list(
  list(id = "grouseticks_nbinom2", data = "grouseticks", formula = "TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)", family = "nbinom2"),
  list(id = "grouseticks_nbinom1", data = "grouseticks", formula = "TICKS ~ YEAR + scale(HEIGHT) + (1 | BROOD) + (1 | LOCATION)", family = "nbinom1"),
  list(id = "salamanders_nbinom2", data = "Salamanders", formula = "count ~ spp + mined + (1 | site)", family = "nbinom2"),
  list(id = "salamanders_nbinom1", data = "Salamanders", formula = "count ~ spp + mined + (1 | site)", family = "nbinom1"),
  # a vector-valued term (singular: correlation -1), and an offset with prior weights
  list(id = "salamanders_nbinom2_slope", data = "Salamanders", formula = "count ~ mined + cover + (1 + cover | site)", family = "nbinom2", extra = TRUE),
  list(id = "salamanders_nbinom1_offset_weights", data = "Salamanders", formula = "count ~ spp + mined + offset(log(1 + cover^2)) + (1 | site)", family = "nbinom1", weights = rep(c(1, 2), length.out = 644), extra = TRUE)
)
num <- function(x) I(unname(as.numeric(x)))
for (cs in cases) {
  d <- datasets[[cs$data]]
  f <- as.formula(cs$formula)
  d$w_ <- if (is.null(cs$weights)) 1 else cs$weights
  m <- suppressWarnings(glmmTMB(f, data = d, family = get(cs$family)(), weights = w_))
  re <- ranef(m)$cond
  vc <- VarCorr(m)$cond
  tmb <- list(
    fixef = as.list(fixef(m)$cond), se = as.list(sqrt(diag(vcov(m)$cond))),
    logLik = as.numeric(logLik(m)), df = attr(logLik(m), "df"), AIC = AIC(m),
    dispersion = sigma(m), betad = unname(m$fit$par["betad"]),
    sd = lapply(names(vc), function(g) list(group = g, sd = unname(attr(vc[[g]], "stddev")))),
    ranef = lapply(names(re), function(g) list(group = g, levels = rownames(re[[g]]), values = num(re[[g]][, 1]))),
    fitted = num(fitted(m)), predictLink = num(predict(m, type = "link")),
    convergence = m$fit$convergence
  )
  fit <- list(id = cs$id, data = cs$data, engine = paste("glmmTMB", packageVersion("glmmTMB")),
              call = list(formula = cs$formula, family = cs$family, weights = cs$weights), glmmTMB = tmb)
  if (isTRUE(cs$extra)) {
    writeLines(toJSON(fit, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, paste0(cs$id, ".json")))
    cat(cs$id, "glmmTMB logLik", format(tmb$logLik, digits = 10), "disp", tmb$dispersion, "\n")
    next
  }
  pois <- glmer(f, data = d, family = poisson)
  fit$poisson <- list(logLik = as.numeric(logLik(pois)), df = attr(logLik(pois), "df"))
  if (cs$family == "nbinom2") {
    nb <- glmer.nb(f, data = d)
    fit$glmer.nb <- list(
      engine = paste("lme4", packageVersion("lme4")), family = family(nb)$family,
      theta = getME(nb, "glmer.nb.theta"), fixef = as.list(fixef(nb)),
      se = as.list(sqrt(diag(as.matrix(vcov(nb))))), logLik = as.numeric(logLik(nb)), df = attr(logLik(nb), "df"),
      sd = lapply(seq_len(nrow(as.data.frame(VarCorr(nb)))), function(i) { v <- as.data.frame(VarCorr(nb))[i, ]; list(group = v$grp, sd = v$sdcor) }))
  }
  writeLines(toJSON(fit, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, paste0(cs$id, ".json")))
  cat(cs$id, "glmmTMB logLik", format(tmb$logLik, digits = 10), "disp", tmb$dispersion,
      if (!is.null(fit$glmer.nb)) paste("glmer.nb logLik", format(fit$glmer.nb$logLik, digits = 10), "theta", fit$glmer.nb$theta), "\n")
}
