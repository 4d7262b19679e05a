# Writes test/fixtures/families3/: glmmTMB 1.1.5 fits for issue 14's remaining families — the
# generalized Poisson (genpois: θ = μ/√φ, λ = 1 − 1/√φ, Var y = μφ), the hurdle models
# (truncated_poisson / truncated_nbinom2 with a ziformula, the probability of a zero) and
# Conway–Maxwell–Poisson (compois: mean μ, ν = 1/φ) — on glmmTMB's Salamanders (the copy in
# test/fixtures/families2/, site unordered) and simulated underdispersed counts; plus
# densities.json, log densities on a grid for the unit tests of src/families/: genpois from its
# formula (glmmTMB's dgenpois is C++ only), the truncated ones from glmmTMB's R functions
# dtruncated_poisson / dtruncated_nbinom2, compois by its series in R and glmmTMB's variance.
# Run from the project root with R, glmmTMB and jsonlite installed (scripts/install-r.sh):
#   Rscript scripts/families3-refs.R
suppressMessages({ library(glmmTMB); library(jsonlite) })
out <- file.path("test", "fixtures", "families3")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wjson <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, name))
source(file.path("scripts", "glmmtmb-record.R"))  # writeData(), fitRecord()

sal <- read.csv(file.path("test", "fixtures", "families2", "salamanders.csv"), stringsAsFactors = FALSE)
sch <- fromJSON(file.path("test", "fixtures", "families2", "salamanders.schema.json"), simplifyVector = FALSE)
for (c in sch$columns) if (identical(c$type, "factor")) sal[[c$name]] <- factor(sal[[c$name]], levels = unlist(c$levels))

# Underdispersed counts for compois: y | g ~ Binomial(⌈3μ⌉, μ/⌈3μ⌉) (mean μ, variance below μ),
# log μ = 0.8 + 0.5 x + b_g, sd(b) = 0.4
set.seed(20151)
ng <- 20; per <- 15; n <- ng * per
g <- factor(rep(sprintf("u%02d", seq_len(ng)), each = per))
x <- round(rnorm(n), 4)
mu <- exp(0.8 + 0.5 * x + rnorm(ng, 0, 0.4)[as.integer(g)])
sz <- ceiling(3 * mu)
undersim <- data.frame(y = rbinom(n, sz, mu / sz), x = x, g = g)
writeData(undersim, "undersim", "simulated in scripts/families3-refs.R (seed 20151): y ~ Binomial(ceiling(3 mu), mu / ceiling(3 mu)), log mu = 0.8 + 0.5 x + b_g, sd(b) = 0.4")

cases <- list(
  list(id = "genpois", formula = "count ~ spp + mined + (1 | site)", family = "genpois"),
  list(id = "genpois_disp", formula = "count ~ spp + mined + (1 | site)", dispformula = "~ mined", family = "genpois"),
  list(id = "hurdle_pois", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "truncated_poisson"),
  list(id = "hurdle_nb2", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "truncated_nbinom2"),
  list(id = "compois_under", data = "undersim", formula = "y ~ x + (1 | g)", family = "compois"),
  # glmmTMB takes minutes here (φ ≈ 85: long series)
  list(id = "compois", formula = "count ~ spp + mined + (1 | site)", family = "compois")
)
datasets <- list(salamanders = sal, undersim = undersim)
for (cs in cases) {
  dname <- if (is.null(cs$data)) "salamanders" else cs$data
  fitCase(cs, datasets[[dname]], dname, c("link", "response", "conditional", "zprob"))
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
# compois (glmmTMB: mean μ, ν = 1/φ): log λ from E Y = μ by uniroot on the series (summed to
# 20000 terms in log space), and glmmTMB's own variance (its C++ compois_calc_var)
cmpLogZ <- function(la, nu) { k <- 0:20000; t <- la * k - nu * lgamma(k + 1); mx <- max(t); mx + log(sum(exp(t - mx))) }
cmpMean <- function(la, nu) { k <- 0:20000; t <- la * k - nu * lgamma(k + 1); p <- exp(t - max(t)); sum(k * p) / sum(p) }
cmpLogLambda <- function(mu, nu) uniroot(function(la) log(cmpMean(la, nu)) - log(mu), c(-60, 60), tol = 1e-14)$root
cg <- expand.grid(y = c(0, 1, 4, 15, 50), mu = c(0.2, 3, 30), phi = c(0.25, 1, 4))
cg$logd <- mapply(function(y, mu, phi) { nu <- 1 / phi; la <- cmpLogLambda(mu, nu); y * la - nu * lgamma(y + 1) - cmpLogZ(la, nu) }, cg$y, cg$mu, cg$phi)
cv <- expand.grid(mu = c(0.01, 0.5, 3, 40), phi = c(0.3, 1, 2.5, 85))
cv$var <- mapply(function(mu, phi) compois()$variance(mu, phi), cv$mu, cv$phi)
wjson(list(engine = paste("R", getRversion(), "glmmTMB", packageVersion("glmmTMB")), genpois = gp,
           genpoisTotal = gpsum, truncated = tr, compois = cg, compoisVar = cv), "densities.json")
cat("densities.json\n")
