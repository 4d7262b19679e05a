# Writes test/fixtures/analysis/*.json: R's post-fit tables for the analyst's toolkit (issue 12):
# performance::r2_nakagawa and performance::icc, broom.mixed::tidy and glance, for LMMs (random
# slopes; factor x factor and factor x covariate interactions) and binomial / poisson GLMMs.
# Run from the project root with R and the Debian packages r-cran-lme4 r-cran-performance
# r-cran-broom.mixed r-cran-jsonlite installed:
#   Rscript scripts/analysis-refs.R
suppressMessages({ library(lme4); library(jsonlite); library(performance); library(broom.mixed) })
readData <- function(name) {
  d <- read.csv(file.path("datasets", paste0(name, ".csv")), stringsAsFactors = FALSE)
  sch <- fromJSON(file.path("datasets", paste0(name, ".schema.json")), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
cases <- list(
  list(id = "sleepstudy_slopes", data = "sleepstudy", formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "sleepstudy_uncorr", data = "sleepstudy", formula = "Reaction ~ Days + (Days || Subject)"),
  list(id = "sleepstudy_ml", data = "sleepstudy", formula = "Reaction ~ Days + (1 | Subject)", REML = FALSE),
  list(id = "cake_fxf", data = "cake", formula = "angle ~ recipe * temperature + (1 | recipe:replicate)"),
  list(id = "cake_fxc", data = "cake", formula = "angle ~ recipe * temp + (1 | recipe:replicate)"),
  list(id = "penicillin_crossed", data = "Penicillin", formula = "diameter ~ 1 + (1 | plate) + (1 | sample)"),
  list(id = "cbpp_binomial", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial"),
  list(id = "cbpp_probit", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial", link = "probit"),
  list(id = "grouseticks_poisson", data = "grouseticks", formula = "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", family = "poisson"),
  list(id = "cbpp_poisson_offset", data = "cbpp", formula = "incidence ~ period + offset(log(size)) + (1 | herd)", family = "poisson")
)
num <- function(x) if (is.null(x) || length(x) == 0 || is.na(x)) NULL else unname(as.numeric(x))
rows <- function(df) lapply(seq_len(nrow(df)), function(i) {
  r <- as.list(df[i, , drop = FALSE])
  lapply(r, function(v) if (is.factor(v)) as.character(v) else if (is.numeric(v) && is.na(v)) NULL else v)
})
dir.create(file.path("test", "fixtures", "analysis"), showWarnings = FALSE, recursive = TRUE)
for (cs in cases) {
  d <- readData(cs$data)
  if (is.null(cs$family)) {
    m <- lmer(as.formula(cs$formula), data = d, REML = if (is.null(cs$REML)) TRUE else cs$REML)
  } else {
    fam <- get(cs$family)(link = if (is.null(cs$link)) (if (cs$family == "binomial") "logit" else "log") else cs$link)
    m <- glmer(as.formula(cs$formula), data = d, family = fam)
  }
  r2 <- suppressWarnings(r2_nakagawa(m))
  ic <- suppressWarnings(icc(m))
  vars <- suppressWarnings(insight::get_variance(m))
  td <- tidy(m, effects = c("ran_pars", "fixed"), conf.int = TRUE)
  gl <- glance(m)
  out <- list(
    call = list(data = cs$data, formula = cs$formula, REML = cs$REML, family = cs$family, link = cs$link),
    versions = list(lme4 = as.character(packageVersion("lme4")), performance = as.character(packageVersion("performance")),
                    insight = as.character(packageVersion("insight")), broom.mixed = as.character(packageVersion("broom.mixed"))),
    r2 = list(conditional = num(r2$R2_conditional), marginal = num(r2$R2_marginal)),
    icc = list(adjusted = num(ic$ICC_adjusted), unadjusted = num(ic$ICC_unadjusted)),
    variances = list(fixed = num(vars$var.fixed), random = num(vars$var.random), residual = num(vars$var.residual),
                     distribution = num(vars$var.distribution), dispersion = num(vars$var.dispersion)),
    tidy = rows(as.data.frame(td)),
    glance = as.list(as.data.frame(gl))
  )
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = TRUE),
             file.path("test", "fixtures", "analysis", paste0(cs$id, ".json")))
  cat("wrote", cs$id, "\n")
}
