# Writes test/fixtures/gamm4/*.json: gamm4 0.2-6 / mgcv fits with a cubic regression spline
# s(x, bs = "cr", k) or a P-spline s(x, bs = "ps", k) represented as a mixed model (the penalized part of the basis an identity
# random-effect term, the unpenalized linear part a fixed effect), for lme4ts's s() terms.
# Run from the project root:  Rscript scripts/gamm4-refs.R
# Each file: the call, the data (inline for simulated data), logLik, sigma, the smoothing
# variance (gamm4's "Xr" variance component), the other variance components, the fitted values
# (with every random effect), and the smooth on a grid with mgcv's Bayesian standard errors
# (predict(gam, type = "terms", se.fit = TRUE)). The null-space coefficient s(x)Fx1 is stored
# as its absolute value: its sign is the sign of an eigenvector (LAPACK's choice).
suppressMessages({ library(gamm4); library(jsonlite) })
source(file.path("scripts", "read-data.R"))
dir.create(file.path("test", "fixtures", "gamm4"), showWarnings = FALSE, recursive = TRUE)

writeCase <- function(id, b, d, call, xname, smoothLabel, inlineData = NULL) {
  m <- b$mer
  vc <- as.data.frame(VarCorr(m))
  xr <- vc[grepl("^Xr", vc$grp), ]
  other <- vc[!grepl("^Xr", vc$grp) & vc$grp != "Residual", ]
  # every smooth (several for a factor by): mgcv's label, its variance component, the grid
  smooths <- lapply(b$gam$smooth, function(sm) sm$label)
  rng <- range(d[[xname]])
  grid <- seq(rng[1], rng[2], length.out = 25)
  nd <- d[rep(1, 25), , drop = FALSE]
  nd[[xname]] <- grid
  pt <- predict(b$gam, newdata = nd, type = "terms", se.fit = TRUE)
  # predictions on new data: the first 10 rows with x on a grid reaching 10% beyond the data's
  # range (mgcv continues a cr spline linearly there), with every random effect: gamm4's gam
  # predicts fixed effects + smooth, to which the conditional mode of the other grouping factor
  # (if any) is added
  nd2 <- d[1:10, , drop = FALSE]
  nd2[[xname]] <- seq(rng[1] - 0.1 * diff(rng), rng[2] + 0.1 * diff(rng), length.out = 10)
  pr <- gam <- unname(predict(b$gam, newdata = nd2))
  re <- ranef(m)
  re <- re[!grepl("^Xr", names(re))]
  if (length(re)) pr <- pr + re[[1]][as.character(nd2[[names(re)[1]]]), 1]
  fx <- fixef(m)
  fit <- list(
    logLik = as.numeric(logLik(m)), REML = isREML(m), sigma = sigma(m), nobs = nobs(m),
    smoothVariance = xr$vcov[xr$var1 == smooths[[1]]], smoothColumns = ncol(b$gam$smooth[[1]]$S[[1]]) - 1,
    # per smooth: gamm4's components Xr, Xr.0, ... (in lme4's term order, not the smooths'),
    # matched by their column name, the smooth's label; the grid of a by-level smooth is predicted
    # with the by factor at its level (elsewhere the term is 0)
    smooths = lapply(seq_along(smooths), function(i) {
      sm <- b$gam$smooth[[i]]
      ndi <- nd
      if (!is.null(sm$by.level)) ndi[[sm$by]] <- factor(sm$by.level, levels = levels(d[[sm$by]]))
      pti <- predict(b$gam, newdata = ndi, type = "terms", se.fit = TRUE)
      list(label = smooths[[i]], variance = xr$vcov[xr$var1 == smooths[[i]]],
           grid = list(fit = I(unname(pti$fit[, smooths[[i]]])), se = I(unname(pti$se.fit[, smooths[[i]]]))))
    }),
    varcorr = lapply(seq_len(nrow(other)), function(i) list(group = other$grp[i], variance = other$vcov[i])),
    fixef = as.list(setNames(ifelse(grepl("Fx1$", names(fx)), abs(fx), fx), sub("^X", "", names(fx)))),
    se = as.list(setNames(sqrt(diag(as.matrix(vcov(m)))), sub("^X", "", names(fx)))),
    knots = I(if (is.null(b$gam$smooth[[1]]$xp)) b$gam$smooth[[1]]$knots else b$gam$smooth[[1]]$xp),
    fitted = I(unname(fitted(m))),
    grid = list(x = I(grid), fit = I(unname(pt$fit[, smooths[[1]]])), se = I(unname(pt$se.fit[, smooths[[1]]]))),
    newdata = list(rows = I(1:10), x = I(nd2[[xname]]), link = I(pr), gam = I(gam))
  )
  out <- list(id = id, engine = paste("gamm4", packageVersion("gamm4"), "mgcv", packageVersion("mgcv"), "lme4", packageVersion("lme4")),
              call = call, data = inlineData, fit = fit)
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE, null = "null"),
             file.path("test", "fixtures", "gamm4", paste0(id, ".json")))
  cat(id, "logLik", format(fit$logLik, digits = 10), "smooth var", format(fit$smoothVariance, digits = 8), "\n")
}

# (a) gaussian, sleepstudy: Reaction ~ s(Days, bs = "cr", k = 5) + (1 | Subject), REML
d <- readData("sleepstudy")
b <- gamm4(Reaction ~ s(Days, bs = "cr", k = 5), random = ~ (1 | Subject), data = d)
writeCase("sleepstudy_cr5", b, d, list(formula = "Reaction ~ s(Days, bs = \"cr\", k = 5) + (1 | Subject)", data = "sleepstudy", family = "gaussian", REML = TRUE), "Days", "s(Days)")

# (a') gaussian, mgcv's gamSim(6) (Gu and Wahba's 4-term additive truth plus a 4-level random
# factor), seed 1, 400 rows: y ~ s(x2, bs = "cr", k = 10) + (1 | fac), REML; data stored inline
set.seed(1)
g <- gamSim(6, n = 400, scale = 2, verbose = FALSE)
g <- data.frame(y = g$y, x2 = g$x2, fac = factor(g$fac))
b <- gamm4(y ~ s(x2, bs = "cr", k = 10), random = ~ (1 | fac), data = g)
writeCase("gamsim6_cr10", b, g, list(formula = "y ~ s(x2, bs = \"cr\", k = 10) + (1 | fac)", data = "inline", family = "gaussian", REML = TRUE), "x2", "s(x2)",
          inlineData = list(y = I(g$y), x2 = I(g$x2), fac = I(as.character(g$fac))))

# (a3) the smooth as the only random-effects term (a gaussian additive model by REML)
b <- gamm4(y ~ s(x2, bs = "cr", k = 10), data = g)
writeCase("gamsim6_only_cr10", b, g, list(formula = "y ~ s(x2, bs = \"cr\", k = 10)", data = "inline", family = "gaussian", REML = TRUE), "x2", "s(x2)",
          inlineData = list(y = I(g$y), x2 = I(g$x2), fac = I(as.character(g$fac))))

# (a'') the same with mgcv's P-spline basis (bs = "ps": cubic B-splines on evenly spaced knots, second-order difference penalty)
b <- gamm4(y ~ s(x2, bs = "ps", k = 10), random = ~ (1 | fac), data = g)
writeCase("gamsim6_ps10", b, g, list(formula = "y ~ s(x2, bs = \"ps\", k = 10) + (1 | fac)", data = "inline", family = "gaussian", REML = TRUE), "x2", "s(x2)",
          inlineData = list(y = I(g$y), x2 = I(g$x2), fac = I(as.character(g$fac))))

# (b) binomial, Contraception (the GLMM paper's Figure 10 idea): use ~ s(age, bs = "cr") + urban + (1 | district), Laplace
d <- readData("Contraception")
b <- gamm4(use ~ s(age, bs = "cr") + urban, random = ~ (1 | district), data = d, family = binomial)
writeCase("contraception_cr10", b, d, list(formula = "use ~ s(age, bs = \"cr\") + urban + (1 | district)", data = "Contraception", family = "binomial"), "age", "s(age)")

# (b'') the same with bs = "ps"
b <- gamm4(use ~ s(age, bs = "ps") + urban, random = ~ (1 | district), data = d, family = binomial)
writeCase("contraception_ps10", b, d, list(formula = "use ~ s(age, bs = \"ps\") + urban + (1 | district)", data = "Contraception", family = "binomial"), "age", "s(age)")

# (c) a factor by: one smooth per level, each with its own smoothing variance, all centred over
# every row (mgcv's smoothCon): gaussian on mgcv's gamSim(4) (three levels, different curves), and
# binomial on Contraception by urban
set.seed(2)
g4 <- gamSim(4, n = 400, verbose = FALSE)
g4 <- data.frame(y = g4$y, x2 = g4$x2, fac = g4$fac)
b <- gamm4(y ~ fac + s(x2, bs = "cr", by = fac, k = 8), data = g4)
writeCase("gamsim4_by_cr8", b, g4, list(formula = "y ~ fac + s(x2, bs = \"cr\", by = fac, k = 8)", data = "inline", family = "gaussian", REML = TRUE), "x2", NULL,
          inlineData = list(y = I(g4$y), x2 = I(g4$x2), fac = I(as.character(g4$fac))))
b <- gamm4(use ~ urban + s(age, bs = "cr", by = urban, k = 6), random = ~ (1 | district), data = d, family = binomial)
writeCase("contraception_by_urban_cr6", b, d, list(formula = "use ~ urban + s(age, bs = \"cr\", by = urban, k = 6) + (1 | district)", data = "Contraception", family = "binomial"), "age", NULL)

# (b') Figure 10: one binomial GAM per urban x livch group, use ~ s(age, bs = "cr", k = 5) (the smooth the only random term)
for (u in levels(d$urban)) for (l in levels(d$livch)) {
  dd <- droplevels(d[d$urban == u & d$livch == l, ])
  b <- gamm4(use ~ s(age, bs = "cr", k = 5), data = dd, family = binomial)
  id <- paste0("contraception_fig10_urban", u, "_livch", sub("\\+", "plus", l))
  writeCase(id, b, dd, list(formula = "use ~ s(age, bs = \"cr\", k = 5)", data = "Contraception", subset = list(urban = u, livch = l), family = "binomial"), "age", "s(age)")
}
