# Writes test/fixtures/families-profile/*.json: likelihood-profile confidence limits of glmmTMB
# 1.1.5 fits (issue 14: profile confint for the dispersion and the other parameters of the
# Laplace-engine families), and glmmTMB's anova() between poisson, nbinom2 and a zero-inflated
# nbinom2 fit of the same data, and its drop1() of a zero-inflated poisson fit.
#
# The limits are the exact roots of 2(nll_p(x) − nll̂) = χ²₁(0.95), nll_p the negative Laplace
# log-likelihood minimized over the other parameters with nlminb (as TMB::tmbroot does), found
# by uniroot to 1e-9: glmmTMB's own confint(method = "profile") interpolates a coarse grid
# (ystep 0.1; its limits move by ~5e-3 relative between profile() settings), too coarse for a
# 1e-3 comparison. glmmTMB's internal scale: β, β_zi, β_disp as printed, θ = log sd (so the sd
# limits are exp of these), betad = log φ (nbinom2: log θ). glmmTMB's confint(method = "profile")
# of the beta model is kept too (`glmmTMBconfint`) for the record.
# Data: test/fixtures/families2 (written by scripts/families2-refs.R). Run from the project root:
#   Rscript scripts/families-profile-refs.R
suppressMessages({ library(glmmTMB); library(jsonlite) })
inp <- file.path("test", "fixtures", "families2")
out <- file.path("test", "fixtures", "families-profile")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
readFix <- function(name) {
  d <- read.csv(file.path(inp, paste0(name, ".csv")))
  s <- fromJSON(file.path(inp, paste0(name, ".schema.json")), simplifyVector = FALSE)
  for (c in s$columns) if (c$type == "factor") d[[c$name]] <- factor(d[[c$name]], levels = unlist(c$levels))
  d
}

# Exact profile limits of outer parameter k (index into obj$par without the random effects).
profileLimits <- function(m, k, level = 0.95) {
  obj <- m$obj
  best <- m$fit$par
  nll0 <- m$fit$objective
  target <- 0.5 * qchisq(level, 1)
  se <- sqrt(diag(m$sdr$cov.fixed))[k]
  start <- best[-k]
  prof <- function(x) {
    fn <- function(p0) { p <- best; p[k] <- x; p[-k] <- p0; obj$fn(p) }
    gr <- function(p0) { p <- best; p[k] <- x; p[-k] <- p0; obj$gr(p)[-k] }
    r <- nlminb(start, fn, gr, control = list(step.min = 0.001, rel.tol = 1e-12, eval.max = 1000, iter.max = 1000))
    start <<- r$par
    r$objective - nll0 - target
  }
  root <- function(dir) {
    start <<- best[-k]
    # bracket: step out in units of the Wald se until the profile crosses the target
    a <- best[k]; step <- se
    for (i in 1:40) { b <- best[k] + dir * step; if (prof(b) > 0) break; a <- b; step <- step * 1.5 }
    start <<- best[-k]
    uniroot(prof, sort(c(a, b)), tol = 1e-10)$root
  }
  c(lower = root(-1), upper = root(1))
}

sal <- readFix("salamanders")
betasim <- readFix("betasim")
cases <- list(
  list(id = "beta", data = "betasim", formula = "y ~ x + (1 | g)", family = "beta_family", ours = "beta"),
  list(id = "beta_disp", data = "betasim", formula = "y2 ~ x + (1 | g)", dispformula = "~ z", family = "beta_family", ours = "beta", which = c("betad")),
  list(id = "nb2", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", family = "nbinom2", ours = "nbinom2", which = c("betad", "theta")),
  list(id = "zip_mined", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "poisson", ours = "poisson", which = c("betazi"))
)
datasets <- list(salamanders = sal, betasim = betasim)
for (cs in cases) {
  d <- datasets[[cs$data]]
  zi <- if (is.null(cs$ziformula)) ~0 else as.formula(cs$ziformula)
  dp <- if (is.null(cs$dispformula)) ~1 else as.formula(cs$dispformula)
  m <- glmmTMB(as.formula(cs$formula), data = d, family = get(cs$family)(), ziformula = zi, dispformula = dp)
  par <- m$fit$par
  idx <- if (is.null(cs$which)) seq_along(par) else which(names(par) %in% cs$which)
  fe <- fixef(m)
  # names of the outer parameters as glmmTMB prints them
  label <- c(names(fe$cond), if (length(fe$zi)) paste0("zi~", names(fe$zi)), if (length(fe$disp)) paste0("disp~", names(fe$disp)),
             paste0("theta", seq_len(sum(names(par) == "theta"))))
  lims <- lapply(idx, function(k) {
    l <- profileLimits(m, k)
    list(index = k, tmbName = names(par)[k], name = label[k], estimate = unname(par[k]), lower = unname(l["lower"]), upper = unname(l["upper"]),
         waldSe = unname(sqrt(diag(m$sdr$cov.fixed))[k]))
  })
  res <- list(id = cs$id, data = cs$data, engine = paste("glmmTMB", packageVersion("glmmTMB")),
              call = list(formula = cs$formula, family = cs$ours, ziformula = cs$ziformula, dispformula = cs$dispformula),
              logLik = as.numeric(logLik(m)), level = 0.95, limits = lims)
  if (cs$id == "beta") {
    ci <- confint(m, method = "profile")
    res$glmmTMBconfint <- list(names = I(rownames(ci)), lower = I(unname(ci[, 1])), upper = I(unname(ci[, 2])))
  }
  writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, paste0(cs$id, ".json")))
  cat(cs$id, "\n"); for (l in lims) cat("  ", l$name, l$estimate, l$lower, l$upper, "\n")
}

# anova: poisson vs nbinom2 vs zero-inflated nbinom2 (glmmTMB's anova, the LRT between consecutive models)
f <- count ~ spp + mined + (1 | site)
mp <- glmmTMB(f, data = sal, family = poisson)
mnb <- glmmTMB(f, data = sal, family = nbinom2)
mzinb <- glmmTMB(f, data = sal, family = nbinom2, ziformula = ~ mined)
a <- anova(mp, mnb, mzinb)
res <- list(id = "anova_pois_nb2_zinb2", data = "salamanders", engine = paste("glmmTMB", packageVersion("glmmTMB")),
            models = list(list(family = "poisson", formula = "count ~ spp + mined + (1 | site)"),
                          list(family = "nbinom2", formula = "count ~ spp + mined + (1 | site)"),
                          list(family = "nbinom2", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined")),
            Df = I(unname(a$Df)), AIC = I(unname(a$AIC)), BIC = I(unname(a$BIC)), logLik = I(unname(a$logLik)),
            deviance = I(unname(a$deviance)), Chisq = I(unname(a$Chisq)), ChiDf = I(unname(a[["Chi Df"]])), p = I(unname(a[["Pr(>Chisq)"]])))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"), file.path(out, "anova_pois_nb2_zinb2.json"))
print(a)

# drop1 of the zero-inflated poisson: single-term deletions from the conditional model (the
# ziformula kept), likelihood-ratio tests as glmmTMB's drop1(test = "Chisq")
mzip <- glmmTMB(f, data = sal, family = poisson, ziformula = ~ mined)
dr <- drop1(mzip, test = "Chisq")
res <- list(id = "drop1_zip_mined", data = "salamanders", engine = paste("glmmTMB", packageVersion("glmmTMB")),
            model = list(family = "poisson", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined"),
            terms = I(rownames(dr)), Df = I(unname(dr$Df)), AIC = I(unname(dr$AIC)), LRT = I(unname(dr$LRT)), p = I(unname(dr[["Pr(>Chi)"]])))
writeLines(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null"), file.path(out, "drop1_zip_mined.json"))
print(dr)
