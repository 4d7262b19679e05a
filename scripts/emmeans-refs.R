# Writes test/fixtures/emmeans/*.json: estimated marginal means and contrasts from R's emmeans
# (the Debian version) for LMMs (Kenward-Roger df by default, Satterthwaite, asymptotic) and GLMMs
# (link and response scales), with pairwise / trt.vs.ctrl / revpairwise contrasts and Tukey,
# Holm, Bonferroni, Sidak and no adjustment. Also R's ptukey on a grid.
# Run from the project root with R and r-cran-lme4 r-cran-emmeans r-cran-pbkrtest r-cran-jsonlite:
#   Rscript scripts/emmeans-refs.R
suppressMessages({ library(lme4); library(emmeans); library(jsonlite) })
emm_options(lmerTest.limit = 1e6, pbkrtest.limit = 1e6)
readData <- function(name) {
  f <- file.path("datasets", paste0(name, ".csv"))
  if (!file.exists(f)) f <- file.path("..", "shared", "reference", "data", paste0(name, ".csv"))
  d <- read.csv(f, stringsAsFactors = FALSE)
  sch <- fromJSON(sub("\\.csv$", ".schema.json", f), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
rows <- function(s) {
  s <- as.data.frame(s)
  lapply(seq_len(nrow(s)), function(i) {
    r <- list()
    for (k in colnames(s)) { v <- s[i, k]; r[[k]] <- if (is.factor(v)) as.character(v) else if (is.numeric(v) && !is.finite(v)) (if (is.na(v)) NULL else "Inf") else v }
    r
  })
}
out <- list()
add <- function(id, model, data, formula, family, specs, by = NULL, opts = list(), contrasts = list()) {
  d <- readData(data)
  m <- if (is.null(family)) lmer(as.formula(formula), data = d) else glmer(as.formula(formula), data = d, family = get(family))
  args <- c(list(m, specs = specs, by = by), opts)
  e <- do.call(emmeans, args)
  res <- list(id = id, data = data, formula = formula, family = family, specs = specs, by = by,
              opts = opts, emmeans = rows(summary(e)), contrasts = list())
  for (cn in names(contrasts)) {
    cc <- contrasts[[cn]]
    ct <- do.call(contrast, c(list(e, method = cc$method), cc$args))
    res$contrasts[[cn]] <- list(method = cc$method, args = cc$args, rows = rows(summary(ct)))
  }
  out[[id]] <<- res
}
add("cake_fxf_recipe", "lmm", "cake", "angle ~ recipe * temperature + (1 | recipe:replicate)", NULL, "recipe",
    contrasts = list(tukey = list(method = "pairwise", args = list()), holm = list(method = "pairwise", args = list(adjust = "holm")),
                     trt = list(method = "trt.vs.ctrl", args = list(adjust = "bonferroni")), rev = list(method = "revpairwise", args = list(adjust = "none"))))
add("cake_fxf_by", "lmm", "cake", "angle ~ recipe * temperature + (1 | recipe:replicate)", NULL, "recipe", by = "temperature",
    contrasts = list(tukey = list(method = "pairwise", args = list()), sidak = list(method = "pairwise", args = list(adjust = "sidak"))))
add("cake_fxf_satt", "lmm", "cake", "angle ~ recipe * temperature + (1 | recipe:replicate)", NULL, "temperature",
    opts = list(lmer.df = "satterthwaite"), contrasts = list(tukey = list(method = "pairwise", args = list())))
add("cake_fxf_asymp", "lmm", "cake", "angle ~ recipe * temperature + (1 | recipe:replicate)", NULL, "temperature",
    opts = list(lmer.df = "asymptotic"), contrasts = list(tukey = list(method = "pairwise", args = list())))
add("cake_fxc_at", "lmm", "cake", "angle ~ recipe * temp + (1 | recipe:replicate)", NULL, "recipe",
    opts = list(at = list(temp = 200)), contrasts = list(tukey = list(method = "pairwise", args = list())))
add("cake_fxc_mean", "lmm", "cake", "angle ~ recipe * temp + (1 | recipe:replicate)", NULL, "recipe")
add("cbpp_link", "glmm", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", "period",
    contrasts = list(tukey = list(method = "pairwise", args = list())))
add("cbpp_response", "glmm", "cbpp", "cbind(incidence, size - incidence) ~ period + (1 | herd)", "binomial", "period",
    opts = list(type = "response"), contrasts = list(tukey = list(method = "pairwise", args = list()), trt = list(method = "trt.vs.ctrl", args = list())))
add("grouse_rate", "glmm", "grouseticks", "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", "poisson", "YEAR",
    opts = list(type = "response"), contrasts = list(tukey = list(method = "pairwise", args = list())))
add("cm6_prop", "glmm", "Contraception_contraception_cm6", "use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district:urban)", "binomial", "urban",
    opts = list(weights = "proportional"), contrasts = list(none = list(method = "pairwise", args = list(adjust = "none"))))
add("cm6_equal", "glmm", "Contraception_contraception_cm6", "use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district:urban)", "binomial", "urban")
qs <- expand.grid(q = c(0.5, 1.5, 2.5, 3.5, 5), k = c(2, 3, 6, 10), df = c(2, 5.5, 30, Inf))
ptk <- lapply(seq_len(nrow(qs)), function(i) list(q = qs$q[i], k = qs$k[i], df = if (is.finite(qs$df[i])) qs$df[i] else "Inf",
                                               p = ptukey(qs$q[i], qs$k[i], qs$df[i], lower.tail = FALSE)))
dir.create(file.path("test", "fixtures", "emmeans"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(list(version = as.character(packageVersion("emmeans")), cases = unname(out), ptukey = ptk), auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"),
           file.path("test", "fixtures", "emmeans", "emmeans.json"))
cat("wrote", length(out), "cases\n")
