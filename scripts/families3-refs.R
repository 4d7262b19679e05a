# Writes test/fixtures/families3/: glmmTMB 1.1.5 fits for issue 14's remaining families — the
# generalized Poisson (genpois: θ = μ/√φ, λ = 1 − 1/√φ, Var y = μφ) and the hurdle models
# (truncated_poisson / truncated_nbinom2 with a ziformula, the probability of a zero) — on
# glmmTMB's Salamanders (the copy in test/fixtures/families2/, site unordered); plus
# densities.json, log densities on a grid for the unit tests of src/families/: genpois from its
# formula (glmmTMB's dgenpois is C++ only), the truncated ones from glmmTMB's R functions
# dtruncated_poisson / dtruncated_nbinom2.
# Run from the project root with R, glmmTMB and jsonlite installed (scripts/install-r.sh):
#   Rscript scripts/families3-refs.R
suppressMessages({ library(glmmTMB); library(jsonlite) })
out <- file.path("test", "fixtures", "families3")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wjson <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, name))

sal <- read.csv(file.path("test", "fixtures", "families2", "salamanders.csv"), stringsAsFactors = FALSE)
sch <- fromJSON(file.path("test", "fixtures", "families2", "salamanders.schema.json"), simplifyVector = FALSE)
for (c in sch$columns) if (identical(c$type, "factor")) sal[[c$name]] <- factor(sal[[c$name]], levels = unlist(c$levels))

cases <- list(
  list(id = "genpois", formula = "count ~ spp + mined + (1 | site)", family = "genpois"),
  list(id = "genpois_disp", formula = "count ~ spp + mined + (1 | site)", dispformula = "~ mined", family = "genpois"),
  list(id = "hurdle_pois", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "truncated_poisson"),
  list(id = "hurdle_nb2", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "truncated_nbinom2")
)
named <- function(v) as.list(v)
for (cs in cases) {
  fam <- get(cs$family)()
  zi <- if (is.null(cs$ziformula)) ~0 else as.formula(cs$ziformula)
  dp <- if (is.null(cs$dispformula)) ~1 else as.formula(cs$dispformula)
  m <- glmmTMB(as.formula(cs$formula), data = sal, family = fam, ziformula = zi, dispformula = dp)
  fe <- fixef(m)
  se <- lapply(vcov(m), function(v) if (length(v)) as.list(sqrt(diag(v))) else NULL)
  vc <- VarCorr(m)$cond
  fit <- list(
    class = "glmmTMB", family = fam$family, link = fam$link, nobs = nobs(m),
    fixef = list(cond = named(fe$cond), zi = if (length(fe$zi)) named(fe$zi) else NULL,
                 disp = if (length(fe$disp)) named(fe$disp) else NULL),
    se = list(cond = se$cond, zi = se$zi, disp = se$disp),
    sigma = sigma(m),          # glmmTMB's dispersion: genpois φ, truncated_nbinom2 θ (NA with a dispersion model)
    logLik = as.numeric(logLik(m)), df = attr(logLik(m), "df"), AIC = AIC(m), BIC = BIC(m),
    theta = I(unname(getME(m, "theta"))),
    varcorr = lapply(names(vc), function(gname) list(group = gname, names = I(colnames(vc[[gname]])),
                                                   sd = I(unname(attr(vc[[gname]], "stddev"))))),
    ranef = I(unname(ranef(m)$cond[[1]][, 1])),
    ranefNames = I(rownames(ranef(m)$cond[[1]])),
    predict = list(
      link = I(unname(predict(m, type = "link"))),
      response = I(unname(predict(m, type = "response"))),
      conditional = I(unname(predict(m, type = "conditional"))),
      zprob = I(unname(predict(m, type = "zprob")))
    ),
    convergence = m$fit$convergence, pdHess = m$sdr$pdHess,
    summaryText = I(capture.output(print(summary(m))))
  )
  res <- list(id = cs$id, data = "salamanders", engine = paste("glmmTMB", packageVersion("glmmTMB")),
              call = list(formula = cs$formula, family = fam$family, link = fam$link,
                          ziformula = if (is.null(cs$ziformula)) NULL else cs$ziformula,
                          dispformula = if (is.null(cs$dispformula)) NULL else cs$dispformula),
              fit = fit)
  wjson(res, paste0(cs$id, ".json"))
  cat(cs$id, format(fit$logLik, digits = 10), "conv", fit$convergence, "pdHess", fit$pdHess, "\n")
}

# ---- densities on a grid ----------------------------------------------------------------------
# genpois (glmmTMB): log θ + (y − 1) log(θ + λy) − θ − λy − log y!, θ = μ/√φ, λ = 1 − 1/√φ.
dgp <- function(y, mu, phi) {
  th <- mu / sqrt(phi); la <- 1 - 1 / sqrt(phi)
  log(th) + (y - 1) * log(th + la * y) - th - la * y - lgamma(y + 1)
}
gp <- expand.grid(y = c(0, 1, 2, 5, 17, 60), mu = c(0.05, 1.3, 9, 45), phi = c(1, 1.7, 4, 25))
gp$logd <- dgp(gp$y, gp$mu, gp$phi)
# total probability over y = 0..20000 (a check that the parameterization is a distribution)
gpsum <- expand.grid(mu = c(0.4, 6), phi = c(1.5, 9))
gpsum$total <- mapply(function(mu, phi) sum(exp(dgp(0:20000, mu, phi))), gpsum$mu, gpsum$phi)
tr <- expand.grid(y = c(1, 2, 7, 40), mu = c(1e-3, 0.2, 3, 50), theta = c(0.3, 2, 80))
tr$tpois <- glmmTMB:::dtruncated_poisson(tr$y, tr$mu, log = TRUE)
tr$tnb2 <- glmmTMB:::dtruncated_nbinom2(tr$y, size = tr$theta, mu = tr$mu, log = TRUE)
wjson(list(engine = paste("R", getRversion(), "glmmTMB", packageVersion("glmmTMB")), genpois = gp,
           genpoisTotal = gpsum, truncated = tr), "densities.json")
cat("densities.json\n")
