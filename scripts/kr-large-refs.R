# Writes test/fixtures/kr-large/crossed_slopes.json: pbkrtest's Kenward–Roger adjustment (vcovAdj)
# and the KR t and F tests computed from it (Lb_ddf, .KR_adjust: what lmerTest's summary and
# KRmodcomp report) for a simulated LMM with n = 5400 > 5000 observations (lme4ts refused
# Kenward–Roger above n = 5000 while it used dense n×n matrices). pbkrtest forms dense n×n
# matrices: slow at this n (the fixture records vcovAdj's seconds) and several GB of memory.
# Run from the project root with R, lme4 and pbkrtest installed (scripts/install-r.sh):
#   Rscript scripts/kr-large-refs.R
# The data are not stored: both sides generate them with the same integer-exact generator
# (Park–Miller minimal standard LCG, normals as sums of 12 uniforms − 6), see
# test/inference/krLargeData.ts, so R and TypeScript see identical numbers.
suppressMessages({ library(lme4); library(pbkrtest); library(jsonlite) })

lcg <- local({
  s <- 20261202
  function() { s <<- (16807 * s) %% 2147483647; s / 2147483647 }
})
nrm <- function() { t <- 0; for (k in 1:12) t <- t + lcg(); t - 6 }
n <- 5400; ng <- 150; nh <- 36
bg0 <- numeric(ng); bg1 <- numeric(ng); bh <- numeric(nh)
for (j in 1:ng) { bg0[j] <- 0.8 * nrm(); bg1[j] <- 0.25 * nrm() }
for (j in 1:nh) bh[j] <- 0.5 * nrm()
g <- integer(n); h <- integer(n); x <- numeric(n); f <- integer(n); y <- numeric(n)
for (i in 1:n) {
  g[i] <- (i - 1) %% ng
  h[i] <- floor(lcg() * nh)
  x[i] <- 4 * lcg()
  f[i] <- (i - 1) %% 3
  y[i] <- 2 + 0.5 * x[i] + c(0, 0.3, -0.2)[f[i] + 1] + bg0[g[i] + 1] + bg1[g[i] + 1] * x[i] + bh[h[i] + 1] + nrm()
}
d <- data.frame(y = y, x = x, f = factor(paste0("f", f)), g = factor(sprintf("g%03d", g)), h = factor(sprintf("h%02d", h)))
formula <- y ~ x + f + (x | g) + (1 | h)
m <- lmer(formula, data = d, REML = TRUE)
t0 <- Sys.time()
PhiA <- vcovAdj(m)  # pbkrtest's adjusted covariance with its P and W attributes (computed once:
t_vcovAdj <- as.numeric(Sys.time() - t0, units = "secs")  # several minutes at this n)
b <- fixef(m); V0 <- as.matrix(vcov(m)); p <- length(b)
# t tests as lmerTest's summary(ddf = "Kenward-Roger"): se from PhiA, df = pbkrtest::Lb_ddf
unit <- function(j) { L <- matrix(0, 1, p); L[1, j] <- 1; L }
se <- sqrt(diag(as.matrix(PhiA)))
df <- vapply(seq_len(p), function(j) Lb_ddf(unit(j), V0, PhiA), 0)
# F tests of the type 3 hypotheses (main effects, treatment contrasts: the coefficients of each
# term), as KRmodcomp computes them from the same PhiA
terms <- list(x = "x", f = c("ff1", "ff2"))
ftests <- lapply(terms, function(cols) {
  L <- matrix(0, length(cols), p); for (i in seq_along(cols)) L[i, match(cols[i], names(b))] <- 1
  st <- pbkrtest:::.KR_adjust(PhiA, Phi = V0, L, beta = b, betaH = 0)
  st <- lapply(st, c)
  fin <- pbkrtest:::.finalizeKR(st)
  list(NumDF = fin$test["Ftest", "ndf"], DenDF = fin$test["Ftest", "ddf"], F = fin$test["Ftest", "stat"], p = fin$test["Ftest", "p.value"], scaling = fin$test["Ftest", "F.scaling"])
})
out <- list(
  id = "crossed_slopes", engine = paste("pbkrtest", packageVersion("pbkrtest"), "lme4", packageVersion("lme4")),
  n = n, formula = deparse(formula), seconds_vcovAdj = t_vcovAdj,
  fixef = as.list(b), theta = I(unname(getME(m, "theta"))), sigma = sigma(m),
  PhiA = I(unname(as.vector(as.matrix(PhiA)))),
  t_tests = list(name = I(names(b)), se = I(unname(se)), df = I(unname(df)), p = I(unname(2 * pt(-abs(b / se), df)))),
  f_tests = list(term = I(names(terms)), NumDF = I(unname(sapply(ftests, `[[`, "NumDF"))), DenDF = I(unname(sapply(ftests, `[[`, "DenDF"))),
                 F = I(unname(sapply(ftests, `[[`, "F"))), p = I(unname(sapply(ftests, `[[`, "p"))), scaling = I(unname(sapply(ftests, `[[`, "scaling"))))
)
dir.create(file.path("test", "fixtures", "kr-large"), showWarnings = FALSE, recursive = TRUE)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path("test", "fixtures", "kr-large", "crossed_slopes.json"))
cat("vcovAdj seconds:", t_vcovAdj, "\n")
