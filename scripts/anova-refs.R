# Writes test/fixtures/anova/*.json: single-model F tables of lmerTest (types 1, 2, 3 with
# Satterthwaite's and Kenward-Roger's df; lme4's own sequential table), lmerTest's ranova, and
# car::Anova Wald chi-square tables (types 2 and 3) for GLMMs.
# Run from the project root with R and the Debian packages r-cran-lme4 r-cran-lmertest
# r-cran-pbkrtest r-cran-car r-cran-jsonlite installed:
#   Rscript scripts/anova-refs.R
suppressMessages({ library(lme4); library(lmerTest); library(car); library(jsonlite) })
readData <- function(name) {
  f <- file.path("datasets", paste0(name, ".csv"))
  if (!file.exists(f)) f <- file.path("..", "shared", "reference", "data", paste0(name, ".csv"))
  d <- read.csv(f, stringsAsFactors = FALSE)
  sch <- fromJSON(sub("\\.csv$", ".schema.json", f), simplifyVector = FALSE)
  for (c in sch$columns) if (identical(c$type, "factor"))
    d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels), ordered = isTRUE(c$ordered))
  d
}
tab <- function(a) {
  a <- as.data.frame(a)
  lapply(seq_len(nrow(a)), function(i) {
    r <- list(term = rownames(a)[i])
    for (k in colnames(a)) r[[k]] <- if (is.na(a[i, k])) NULL else unname(a[i, k])
    r
  })
}
lmms <- list(
  list(id = "cake_fxf", data = "cake", formula = "angle ~ recipe * temperature + (1 | recipe:replicate)"),
  list(id = "cake_fxc", data = "cake", formula = "angle ~ recipe * temp + (1 | recipe:replicate)"),
  list(id = "cbpp_lmm_fxc", data = "cbpp", formula = "incidence ~ period * size + (1 | herd)"),
  list(id = "sleepstudy", data = "sleepstudy", formula = "Reaction ~ Days + (Days | Subject)"),
  list(id = "sleepstudy_quad", data = "sleepstudy", formula = "Reaction ~ Days + I(Days^2) + (Days | Subject)")
)
glmms <- list(
  list(id = "cbpp_binomial", data = "cbpp", formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", family = "binomial"),
  list(id = "cm6_binomial", data = "Contraception_contraception_cm6", formula = "use ~ age_s + I(age_s^2) + urban + ch + age_s:ch + (1 | district:urban)", family = "binomial"),
  list(id = "grouseticks_poisson", data = "grouseticks", formula = "TICKS ~ YEAR + HEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)", family = "poisson")
)
dir.create(file.path("test", "fixtures", "anova"), showWarnings = FALSE, recursive = TRUE)
for (cs in lmms) {
  d <- readData(cs$data)
  m <- lmerTest::lmer(as.formula(cs$formula), data = d)
  out <- list(call = list(data = cs$data, formula = cs$formula, REML = TRUE), kind = "lmm")
  for (type in 1:3) for (ddf in c("Satterthwaite", "Kenward-Roger"))
    out[[paste0("type", type, "_", ddf)]] <- tab(anova(m, type = type, ddf = ddf))
  out$lme4 <- tab(anova(m, ddf = "lme4"))
  out$ranova <- tab(ranova(m))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "anova", paste0(cs$id, ".json")))
  cat("wrote", cs$id, "\n")
}
for (cs in glmms) {
  d <- readData(cs$data)
  m <- glmer(as.formula(cs$formula), data = d, family = get(cs$family))
  out <- list(call = list(data = cs$data, formula = cs$formula, family = cs$family), kind = "glmm",
              type2 = tab(car::Anova(m, type = 2)), type3 = tab(car::Anova(m, type = 3)))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "anova", paste0(cs$id, ".json")))
  cat("wrote", cs$id, "\n")
}
