# Writes test/fixtures/influence/quantiles.json: the quantile regressions and the rank-score tests
# behind lme4ts's testQuantiles (src/influence/quantiles.ts) on fixed inputs, computed in R:
# quantreg::rq (Barrodale-Roberts simplex, the exact linear-programming optimum) of r on
# [1, poly(x01, 3)] with x01 the predictor's average ranks scaled to [0, 1], and the score tests
# written out with R's poly, binom.test, pchisq and p.adjust(method = "BH").
# (DHARMa, whose testQuantiles uses qgam instead, is not packaged for Debian.)
# Run from the project root: Rscript scripts/quantiles-refs.R
suppressMessages({ library(quantreg); library(jsonlite) })
set.seed(20261202)
case <- function(n, trend, ties) {
  x <- rnorm(n); if (ties) x <- round(x, 1)
  r <- pnorm(qnorm(runif(n)) + trend * x)  # uniform under trend = 0, drifting otherwise
  x01 <- (rank(x) - 1) / (n - 1)
  P <- poly(x01, 3)
  fits <- lapply(c(0.25, 0.5, 0.75), function(tau) {
    f <- rq(r ~ P, tau = tau, method = "br")
    u <- r - fitted(f)
    psi <- tau - (r < tau)
    S <- crossprod(P, psi)
    pI <- binom.test(sum(r < tau), n, tau)$p.value
    pS <- pchisq(sum(S^2) / (tau * (1 - tau)), 3, lower.tail = FALSE)
    list(tau = tau, objective = sum(u * (tau - (u < 0))), fitted = unname(fitted(f)), pIntercept = pI, pShape = pS,
         p = min(p.adjust(c(pI, pS), method = "BH")))
  })
  list(n = n, trend = trend, ties = ties, x = x, r = r, fits = fits, p = min(p.adjust(sapply(fits, `[[`, "p"), method = "BH")))
}
out <- list(engine = paste(R.version.string, "quantreg", packageVersion("quantreg")),
            cases = list(case(60, 0, FALSE), case(200, 0.6, FALSE), case(150, 0, TRUE), case(400, -0.3, TRUE)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), file.path("test", "fixtures", "influence", "quantiles.json"))
