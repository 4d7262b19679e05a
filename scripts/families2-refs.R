# Writes test/fixtures/families2/: glmmTMB 1.1.5 fits for the families beyond the exponential
# family with a fixed scale (issue 14, part 2): beta, betabinomial, zero-inflated poisson and
# nbinom2, and dispersion models (dispformula) for gaussian, nbinom2 and beta; plus
# densities.json, R's log densities (dbeta, dbinom-based betabinomial, dnbinom, dpois and
# their zero-inflated mixtures) on a grid, for the unit tests of src/families/.
# Run from the project root with R, glmmTMB and jsonlite installed (scripts/install-r.sh):
#   Rscript scripts/families2-refs.R
# The simulated data sets (seeded) and glmmTMB's Salamanders are written as CSV + schema JSON
# beside the fits, so the tests read exactly the data glmmTMB saw.
suppressMessages({ library(glmmTMB); library(jsonlite) })
out <- file.path("test", "fixtures", "families2")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
wjson <- function(x, name) writeLines(toJSON(x, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, name))

source(file.path("scripts", "glmmtmb-record.R"))  # writeData(), fitRecord()

# ---- data -------------------------------------------------------------------------------------
data(Salamanders, package = "glmmTMB")
sal <- Salamanders
sal$site <- factor(as.character(sal$site), levels = levels(sal$site))  # ordered → plain factor
writeData(sal, "salamanders", "R package glmmTMB 1.1.5 (Price et al. 2016), site made unordered")

# beta: y | g ~ Beta(μφ, (1 − μ)φ), logit μ = 0.3 − 0.8 x + b_g, b_g ~ N(0, 0.5²), φ = 8;
# log φ = 1.5 + 0.7 z for the dispersion-model variant (y2)
set.seed(20141)
ng <- 30; per <- 12; n <- ng * per
g <- factor(rep(sprintf("g%02d", seq_len(ng)), each = per))
x <- round(rnorm(n), 4); z <- round(runif(n, -1, 1), 4)
b <- rnorm(ng, 0, 0.5)[as.integer(g)]
mu <- plogis(0.3 - 0.8 * x + b)
y <- rbeta(n, mu * 8, (1 - mu) * 8)
phi2 <- exp(1.5 + 0.7 * z)
y2 <- rbeta(n, mu * phi2, (1 - mu) * phi2)
betasim <- data.frame(y = round(y, 6), y2 = round(y2, 6), x = x, z = z, g = g)
stopifnot(all(betasim$y > 0 & betasim$y < 1), all(betasim$y2 > 0 & betasim$y2 < 1))
writeData(betasim, "betasim", "simulated in scripts/families2-refs.R (seed 20141): logit mu = 0.3 - 0.8 x + b_g, sd(b) = 0.5, phi = 8; y2 with log phi = 1.5 + 0.7 z")

# betabinomial: k | g ~ BetaBinomial(size, μφ, (1 − μ)φ), logit μ = −0.5 + 0.6 x + b_g, sd 0.7, φ = 5
set.seed(20142)
ng <- 25; per <- 10; n <- ng * per
g <- factor(rep(sprintf("h%02d", seq_len(ng)), each = per))
x <- round(rnorm(n), 4)
size <- sample(5:20, n, replace = TRUE)
b <- rnorm(ng, 0, 0.7)[as.integer(g)]
mu <- plogis(-0.5 + 0.6 * x + b)
p <- rbeta(n, mu * 5, (1 - mu) * 5)
k <- rbinom(n, size, p)
bbsim <- data.frame(k = k, size = size, x = x, g = g)
writeData(bbsim, "bbsim", "simulated in scripts/families2-refs.R (seed 20142): logit mu = -0.5 + 0.6 x + b_g, sd(b) = 0.7, phi = 5")

# gaussian with a dispersion model: y = 1 + 0.5 x + b_g + e, sd(b) = 0.8, log σ = −0.2 + 0.6 z
set.seed(20143)
ng <- 20; per <- 15; n <- ng * per
g <- factor(rep(sprintf("k%02d", seq_len(ng)), each = per))
x <- round(rnorm(n), 4); z <- round(runif(n, -1, 1), 4)
b <- rnorm(ng, 0, 0.8)[as.integer(g)]
gy <- 1 + 0.5 * x + b + rnorm(n, 0, exp(-0.2 + 0.6 * z))
gausssim <- data.frame(y = round(gy, 6), x = x, z = z, g = g)
writeData(gausssim, "gausssim", "simulated in scripts/families2-refs.R (seed 20143): y = 1 + 0.5 x + b_g + e, sd(b) = 0.8, log sd(e) = -0.2 + 0.6 z")

# ---- fits -------------------------------------------------------------------------------------
cases <- list(
  list(id = "beta", data = "betasim", formula = "y ~ x + (1 | g)", family = "beta_family"),
  list(id = "beta_disp", data = "betasim", formula = "y2 ~ x + (1 | g)", dispformula = "~ z", family = "beta_family"),
  list(id = "betabinomial", data = "bbsim", formula = "cbind(k, size - k) ~ x + (1 | g)", family = "betabinomial"),
  list(id = "zip_1", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ 1", family = "poisson"),
  list(id = "zip_mined", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "poisson"),
  list(id = "zinb2_1", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ 1", family = "nbinom2"),
  list(id = "zinb2_mined", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "nbinom2"),
  list(id = "zinb1_mined", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", ziformula = "~ mined", family = "nbinom1"),
  list(id = "nb2_disp", data = "salamanders", formula = "count ~ spp + mined + (1 | site)", dispformula = "~ mined", family = "nbinom2"),
  list(id = "gaussian_disp", data = "gausssim", formula = "y ~ x + (1 | g)", dispformula = "~ z", family = "gaussian")
)
datasets <- list(salamanders = sal, betasim = betasim, bbsim = bbsim, gausssim = gausssim)
for (cs in cases) fitCase(cs, datasets[[cs$data]], cs$data, c("link", "response", "conditional", "zprob", "disp"))

# ---- densities on a grid ----------------------------------------------------------------------
# glmmTMB's parameterizations: beta Beta(μφ, (1 − μ)φ); betabinomial the same α, β with size n;
# nbinom2 dnbinom(size = θ, mu = μ); nbinom1 dnbinom(size = μ/φ, mu = μ) (variance μ(1 + φ));
# zero-inflated: log(p·[y = 0] + (1 − p) f(y)).
dbetabinom <- function(k, n, a, b) lchoose(n, k) + lbeta(k + a, n - k + b) - lbeta(a, b)
bg <- expand.grid(y = c(0.001, 0.05, 0.3, 0.5, 0.77, 0.999), mu = c(0.02, 0.4, 0.9), phi = c(0.5, 3, 40))
bg$logd <- dbeta(bg$y, bg$mu * bg$phi, (1 - bg$mu) * bg$phi, log = TRUE)
bbg <- expand.grid(k = c(0, 1, 4, 10), n = c(10, 25), mu = c(0.05, 0.5, 0.8), phi = c(0.3, 2, 50))
bbg <- bbg[bbg$k <= bbg$n, ]
bbg$logd <- dbetabinom(bbg$k, bbg$n, bbg$mu * bbg$phi, (1 - bbg$mu) * bbg$phi)
nbg <- expand.grid(y = c(0, 1, 3, 12, 150), mu = c(0.05, 2.5, 40), phi = c(0.2, 1.5, 30))
nbg$nb2 <- dnbinom(nbg$y, size = nbg$phi, mu = nbg$mu, log = TRUE)
nbg$nb1 <- dnbinom(nbg$y, size = nbg$mu / nbg$phi, mu = nbg$mu, log = TRUE)
nbg$pois <- dpois(nbg$y, nbg$mu, log = TRUE)
zig <- expand.grid(y = c(0, 2, 7), mu = c(0.3, 4), phi = c(0.8, 6), pz = c(0.01, 0.35, 0.9))
zimix <- function(y, pz, ld) ifelse(y == 0, log(pz + (1 - pz) * exp(ld)), log1p(-pz) + ld)
zig$zip <- zimix(zig$y, zig$pz, dpois(zig$y, zig$mu, log = TRUE))
zig$zinb2 <- zimix(zig$y, zig$pz, dnbinom(zig$y, size = zig$phi, mu = zig$mu, log = TRUE))
zig$zinb1 <- zimix(zig$y, zig$pz, dnbinom(zig$y, size = zig$mu / zig$phi, mu = zig$mu, log = TRUE))
sp <- data.frame(x = c(1e-4, 0.013, 0.5, 1, 1.4616321, 2.5, 7.3, 30, 1234.5))
sp$digamma <- digamma(sp$x); sp$trigamma <- trigamma(sp$x)
lb <- expand.grid(a = c(0.01, 0.7, 3, 16, 250), b = c(0.2, 5, 40, 3000))
lb$lbeta <- lbeta(lb$a, lb$b)
wjson(list(engine = paste("R", getRversion()), beta = bg, betabinomial = bbg, nbinom = nbg, zi = zig,
           special = sp, lbeta = lb), "densities.json")
cat("densities.json\n")
