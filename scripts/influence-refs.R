# Writes test/fixtures/influence/*.json: lme4 1.1-31's influence measures for three models
# (an LMM with factor x factor interactions, a binomial and a poisson GLMM): hatvalues.merMod,
# cooks.distance.merMod, and influence.merMod with groups (leave-one-group-out refits) with its
# dfbeta / dfbetas / cooks.distance methods. Run from the project root:
#   Rscript scripts/influence-refs.R [id ...]   (only the named cases when ids are given)
suppressMessages({ library(lme4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
cases <- list(
  list(id = "dyestuff_cases", data = "Dyestuff", groups = NULL,
       fit = function(d) lmer(Yield ~ 1 + (1 | Batch), data = d)),
  list(id = "cake_interaction", data = "cake", groups = "replicate",
       fit = function(d) lmer(angle ~ recipe * temperature + (1 | recipe:replicate), data = d)),
  # prior weights 1, 2, 3, 1, 2, 3, ... by row (lme4ts: the same weights array)
  list(id = "cake_weighted", data = "cake", groups = "replicate",
       fit = function(d) { d$w <- 1 + (seq_len(nrow(d)) - 1) %% 3; assign("d", d, envir = globalenv())
                           lmer(angle ~ recipe + temperature + (1 | replicate), data = d, weights = w) }),
  list(id = "cbpp_binomial", data = "cbpp", groups = "herd",
       fit = function(d) glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = d, family = binomial)),
  list(id = "grouseticks_poisson", data = "grouseticks", groups = "LOCATION",
       fit = function(d) glmer(TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION), data = d, family = poisson))
)
dir.create(file.path("test", "fixtures", "influence"), showWarnings = FALSE, recursive = TRUE)
num <- function(x) I(unname(as.numeric(x)))
rows <- function(M) lapply(seq_len(nrow(M)), function(i) num(M[i, ]))
only <- commandArgs(trailingOnly = TRUE)
for (cs in cases) {
  if (length(only) && !(cs$id %in% only)) next
  d <- readData(cs$data)
  assign("d", d, envir = globalenv())
  m <- cs$fit(d)
  # influence.merMod re-evaluates the call's data argument by name (the fit may add columns to d)
  d <- get("d", envir = globalenv())
  m@call$data <- quote(d)
  hat <- suppressWarnings(hatvalues(m))
  cd <- suppressWarnings(cooks.distance(m))
  t0 <- proc.time()[["elapsed"]]
  inf <- suppressWarnings(if (is.null(cs$groups)) influence(m) else influence(m, groups = cs$groups))
  secs <- proc.time()[["elapsed"]] - t0
  out <- list(
    id = cs$id, data = cs$data, engine = paste("lme4", packageVersion("lme4")),
    formula = paste(deparse(formula(m)), collapse = " "), class = class(m)[1], groups = if (is.null(cs$groups)) "case" else cs$groups,
    fixef = as.list(fixef(m)), theta = num(getME(m, "theta")), sigma = sigma(m),
    hatvalues = num(hat), cooksModel = num(cd), pearson = num(residuals(m, type = "pearson")),
    influence = list(
      seconds = secs,
      deleted = as.character(inf[["deleted"]]),
      fixedNames = colnames(inf[[2]]), varcompNames = colnames(inf[[4]]),
      varcomp = num(inf[[3]]),
      fixedDeleted = rows(inf[[2]]), varcompDeleted = rows(inf[[4]]),
      converged = as.logical(inf[["converged"]]),
      dfbeta = rows(dfbeta(inf)), # lme4 1.1-31's dfbetas fails with one fixed effect ("non-conformable arrays"): null then
      dfbetas = tryCatch(rows(dfbetas(inf)), error = function(e) NULL), cooks = num(cooks.distance(inf))
    )
  )
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
             file.path("test", "fixtures", "influence", paste0(cs$id, ".json")))
  cat(cs$id, "done in", secs, "s\n")
}
