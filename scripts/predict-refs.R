# Writes test/fixtures/predict/*.json: population-level predictions with standard errors and
# confidence intervals from R's ggeffects (ggpredict(type = "fixed"), the Debian version): the
# typical-values grid (focal terms over ggeffects' pretty range or all levels, other covariates at
# their means, other factors at their reference level), predictions on the response scale with
# intervals back-transformed from the link scale, and std.error on the link scale.
# Run from the project root with r-cran-lme4 r-cran-ggeffects r-cran-jsonlite installed:
#   Rscript scripts/predict-refs.R
suppressMessages({ library(lme4); library(ggeffects); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
cases <- list(
  list(id = "sleepstudy_days", data = "sleepstudy", formula = "Reaction ~ Days + (Days | Subject)", terms = "Days"),
  list(id = "cake_fxc", data = "cake", formula = "angle ~ recipe * temp + (1 | recipe:replicate)", terms = c("temp", "recipe")),
  list(id = "cake_fxf", data = "cake", formula = "angle ~ recipe * temperature + (1 | recipe:replicate)", terms = c("temperature", "recipe")),
  list(id = "cbpp_period", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial", terms = "period"),
  list(id = "grouse_height_year", data = "grouseticks", formula = "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", family = "poisson", terms = c("HEIGHT", "YEAR"))
)
dir.create(file.path("test", "fixtures", "predict"), showWarnings = FALSE, recursive = TRUE)
for (cs in cases) {
  d <- readData(cs$data)
  m <- if (is.null(cs$family)) lmer(as.formula(cs$formula), data = d) else glmer(as.formula(cs$formula), data = d, family = get(cs$family))
  p <- as.data.frame(ggpredict(m, terms = cs$terms, type = "fixed"))
  rows <- lapply(seq_len(nrow(p)), function(i) {
    r <- list(x = if (is.factor(p$x)) as.character(p$x[i]) else p$x[i], predicted = p$predicted[i], std.error = p$std.error[i],
              conf.low = p$conf.low[i], conf.high = p$conf.high[i])
    if ("group" %in% names(p)) r$group <- as.character(p$group[i])
    r
  })
  out <- list(call = list(data = cs$data, formula = cs$formula, family = cs$family, terms = cs$terms),
              version = as.character(packageVersion("ggeffects")), rows = rows)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path("test", "fixtures", "predict", paste0(cs$id, ".json")))
  cat("wrote", cs$id, nrow(p), "rows\n")
}
