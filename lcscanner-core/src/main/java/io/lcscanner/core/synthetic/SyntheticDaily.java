package io.lcscanner.core.synthetic;

import io.lcscanner.core.source.BarSeries;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Generates one synthetic ticker's whole daily history from {@code (seed, ordinal)}.
 *
 * <p>The as-traded price is a log random walk with GARCH(1,1) volatility, weak mean reversion (so four
 * years of a volatile penny stock stay plausible), overnight gaps with occasional news jumps, and a
 * small per-day chance of a parabolic episode: a few quiet up days building a base, a 3–10 day run of
 * gapping, expanding up days on surging volume, then a fade. Splits happen when the price drifts far
 * out of the usual range; adjusted prices are derived afterwards from the whole history, as a vendor
 * adjusts to today. One instance per history: no state is shared between threads.
 */
public final class SyntheticDaily {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * Price tiers: share of tickers, price range (log-uniform), log10 typical dollar volume range, daily
     * volatility range, and how prone the tier is to parabolic runs (small and mid caps run the most).
     */
    private static final double[][] TIERS = {
            {0.10, 0.05, 1, 4.5, 6.5, 0.060, 0.100, 0.5},
            {0.22, 1, 5, 5.5, 7.7, 0.040, 0.070, 1.5},
            {0.25, 5, 20, 6.0, 8.5, 0.030, 0.050, 1.5},
            {0.25, 20, 100, 6.5, 9.0, 0.020, 0.035, 1.0},
            {0.14, 100, 500, 7.5, 9.5, 0.015, 0.025, 0.4},
            {0.04, 500, 3000, 9.0, 10.0, 0.012, 0.020, 0.1},
    };
    /** Chance per ticker-session of starting a parabolic episode, before the tier and ticker weights. */
    static final double RUN_RATE = 1.0 / (252 * 120);
    private static final double LATE_LISTING = 0.12, DELISTING = 0.06, HALTS = 0.08;
    private static final double GARCH_A = 0.08, GARCH_B = 0.90, MAX_VARIANCE = 0.3 * 0.3;
    private static final double KAPPA = 0.002, JUMP_PROB = 0.012, BASE_DRIFT = 0.006;
    private static final double LOG_FORWARD_SPLIT = Math.log(600), LOG_REVERSE_SPLIT = Math.log(0.5);
    private static final double[] MID_FORWARD_RATIOS = {3, 4, 5, 10};
    private static final double LN10 = Math.log(10);
    private static final int NORMAL = 0, BASE = 1, RUN = 2, FADE = 3, MAX_SPLITS = 32;

    private final SplittableRandom rng;
    private double spare;
    private boolean hasSpare;

    private SyntheticDaily(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** SplitMix64's finaliser: spreads nearby seeds and ordinals over the whole 64-bit space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random seed of ticker {@code ordinal}'s history. */
    static long tickerSeed(long seed, int ordinal) {
        return mix(mix(seed) + GOLDEN * (ordinal + 1L));
    }

    /** The whole history of the ticker over {@code sessions} (epoch days, ascending). */
    static BarSeries generate(String ticker, long seed, int ordinal, int[] sessions) {
        return new SyntheticDaily(tickerSeed(seed, ordinal)).build(ticker, sessions);
    }

    /** Marsaglia's polar method: a standard normal, half the calls free (the pair's spare). */
    private double gauss() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /**
     * A cheap near-normal (Irwin–Hall of three uniforms: mean 0, variance 1, bounded at ±3) for noise
     * whose tails do not matter — wicks and volume — at a fraction of the cost of {@link #gauss()}.
     */
    private double roughGauss() {
        return 2 * (rng.nextDouble() + rng.nextDouble() + rng.nextDouble() - 1.5);
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** As-traded prices tick in cents from $1 up and in hundredths of a cent below, as US quotes do. */
    static double tick(double price) {
        return price >= 1 ? Math.rint(price * 100) / 100 : Math.max(0.0001, Math.rint(price * 10000) / 10000);
    }

    private BarSeries build(String ticker, int[] sessions) {
        int n = sessions.length;
        // The ticker's profile comes first and in a fixed order, so it never depends on the path.
        double u = rng.nextDouble();
        int tier = 0;
        double cumulative = TIERS[0][0];
        while (u >= cumulative && tier < TIERS.length - 1) {
            cumulative += TIERS[++tier][0];
        }
        double[] t = TIERS[tier];
        double logP0 = uniform(Math.log(t[1]), Math.log(t[2]));
        double logDollarVolume0 = uniform(t[3], t[4]) * LN10;
        double sigma0 = uniform(t[5], t[6]);
        double drift = 0.0002 + 0.0005 * gauss();
        // lognormal weight with mean 1: a few names run often, most rarely
        double runRate = RUN_RATE * t[7] * Math.exp(gauss() - 0.5);

        int start = 0, end = n;
        if (n > 120 && rng.nextDouble() < LATE_LISTING) {
            start = 1 + rng.nextInt(n - 120);
        }
        if (n - start > 120 && rng.nextDouble() < DELISTING) {
            end = start + 60 + rng.nextInt(n - start - 60);
        }
        int[] haltFrom = new int[2], haltTo = new int[2];
        Arrays.fill(haltFrom, Integer.MAX_VALUE);
        if (end - start > 40 && rng.nextDouble() < HALTS) {
            int halts = 1 + rng.nextInt(2);
            for (int k = 0; k < halts; k++) {
                haltFrom[k] = start + 5 + rng.nextInt(end - start - 10);
                haltTo[k] = haltFrom[k] + 1 + rng.nextInt(3);
            }
        }

        int capacity = end - start;
        int[] days = new int[capacity];
        double[] open = new double[capacity], high = new double[capacity], low = new double[capacity];
        double[] close = new double[capacity], volume = new double[capacity];
        int[] splitBar = new int[MAX_SPLITS];
        double[] splitRatio = new double[MAX_SPLITS];
        int splits = 0;

        double logP = logP0, anchor = logP0, variance = sigma0 * sigma0;
        double omega = variance * (1 - GARCH_A - GARCH_B);
        double logShares0 = logDollarVolume0 - logP0, logShareScale = 0;
        int phase = NORMAL, phaseDay = 0, phaseLen = 0;
        double runStep = 0, runVolumeMult = 0, runVolumeFloor = 0, peakVolume = 0, pendingGap = 0;
        int m = 0;
        for (int s = start; s < end; s++) {
            if ((s >= haltFrom[0] && s < haltTo[0]) || (s >= haltFrom[1] && s < haltTo[1])) {
                // news accumulates while halted; it shows as the gap on resumption
                pendingGap += 2 * Math.sqrt(variance) * gauss();
                continue;
            }
            // splits come on quiet days, and never on the first bar: nothing before it to adjust
            if (m > 0 && phase == NORMAL && splits < MAX_SPLITS) {
                double ratio = 1;
                if (logP > LOG_FORWARD_SPLIT && rng.nextDouble() < 0.0008) {
                    double p = Math.exp(logP);
                    ratio = p > 1500 ? (rng.nextDouble() < 0.7 ? 10 : 20)
                            : p > 700 ? MID_FORWARD_RATIOS[rng.nextInt(MID_FORWARD_RATIOS.length)]
                            : (rng.nextDouble() < 0.7 ? 2 : 3);
                } else if (logP < LOG_REVERSE_SPLIT && rng.nextDouble() < 0.002) {
                    double p = Math.exp(logP);
                    ratio = p * 10 >= 1.5 ? 0.1 : p * 20 >= 1.5 ? 0.05 : 0.02;
                }
                if (ratio != 1) {
                    double lr = Math.log(ratio);
                    logP -= lr;
                    anchor -= lr;
                    logShareScale += lr;
                    splitBar[splits] = m;
                    splitRatio[splits++] = ratio;
                }
            }
            if (phase == NORMAL && rng.nextDouble() < runRate) {
                phase = BASE;
                phaseDay = 0;
                phaseLen = 4 + rng.nextInt(10);
            }
            // typical share volume: dollar volume follows the price with elasticity 1/2
            double logShares = logShares0 + logShareScale - 0.5 * (logP + logShareScale - logP0);
            double sigma = Math.sqrt(variance);
            double logOpen, logClose, upWick, downWick, shares;
            if (phase == RUN) {
                double f = runStep * (0.7 + 0.6 * phaseDay / Math.max(1, phaseLen - 1));
                if (phaseDay > 0 && phaseDay < phaseLen - 1 && rng.nextDouble() < 0.08) {
                    f *= 0.25; // a breather inside the run
                }
                logOpen = logP + f * uniform(0.15, 0.55) + pendingGap;
                logClose = logOpen + f * uniform(0.6, 1.2);
                upWick = f * uniform(0, 0.2);
                downWick = f * uniform(0, 0.12);
                // volume surges through the run, steepest at the end
                double progress = (phaseDay + 1.0) / phaseLen;
                double ramp = 0.15 + 0.85 * progress * Math.sqrt(progress);
                shares = Math.exp(logShares + 0.2 * gauss()) * runVolumeMult * ramp;
                if (runVolumeFloor > 0) {
                    double price = Math.exp(logClose);
                    shares = Math.max(shares, runVolumeFloor * progress * progress * Math.max(1e7, 5e8 / price));
                }
                peakVolume = shares;
                if (++phaseDay == phaseLen) {
                    phase = FADE;
                    phaseDay = 0;
                    phaseLen = 8 + rng.nextInt(18);
                    variance = Math.min(MAX_VARIANCE, Math.max(variance, 0.1 * runStep * runStep));
                }
            } else {
                double sig = phase == BASE ? 0.8 * sigma : sigma;
                double mean = drift - KAPPA * (logP - anchor);
                if (phase == BASE) {
                    mean += BASE_DRIFT;
                } else if (phase == FADE) {
                    mean -= runStep * 0.5 * (1 - (double) phaseDay / phaseLen);
                }
                double gap = sig * 0.35 * gauss() + pendingGap;
                if (rng.nextDouble() < JUMP_PROB) {
                    gap += sig * 3.5 * gauss(); // earnings or news
                }
                logOpen = logP + gap;
                logClose = logOpen + mean + sig * 0.93 * gauss();
                upWick = sig * 0.5 * Math.abs(roughGauss());
                downWick = sig * 0.5 * Math.abs(roughGauss());
                double r = logClose - logP;
                double activity = 0.6 + 0.45 * Math.abs(r) / sigma0;
                if (phase == BASE) {
                    activity *= 1 + 1.5 * phaseDay / phaseLen;
                }
                shares = Math.exp(logShares + 0.3 * roughGauss()) * activity;
                variance = Math.min(MAX_VARIANCE, omega + GARCH_A * Math.min(r * r, 25 * variance) + GARCH_B * variance);
                if (phase == BASE && ++phaseDay == phaseLen) {
                    phase = RUN;
                    phaseDay = 0;
                    phaseLen = 3 + rng.nextInt(8);
                    // cheap stocks run harder: ~6%/day for a $150 name, ~22% for a $2 one
                    double price = Math.exp(logClose);
                    double cheapness = Math.min(1, Math.max(0, Math.log(150 / price) / Math.log(75)));
                    // ... but no run multiplies the price by much more than e^(1.25 · 1.8) ≈ 9
                    runStep = Math.min(uniform(0.7, 1.3) * (0.06 + 0.16 * cheapness), 1.8 / phaseLen);
                    runVolumeMult = Math.exp(uniform(Math.log(8), Math.log(40)));
                    runVolumeFloor = rng.nextDouble() < 0.75 ? uniform(1.2, 3.5) : 0;
                } else if (phase == FADE) {
                    peakVolume *= 0.75;
                    shares = Math.max(shares, peakVolume * Math.exp(0.2 * gauss()));
                    if (++phaseDay == phaseLen) {
                        phase = NORMAL;
                        anchor += 0.3 * (logClose - anchor); // a run leaves the stock re-rated a little
                    }
                }
            }
            pendingGap = 0;
            logP = logClose;

            // wicks as factors (1 + w) rather than exp(w): the same for small w, two exp calls cheaper
            double po = Math.exp(logOpen), pc = Math.exp(logClose);
            double o = tick(po), c = tick(pc);
            double h = Math.max(tick(Math.max(po, pc) * (1 + upWick)), Math.max(o, c));
            double l = Math.min(tick(Math.min(po, pc) / (1 + downWick)), Math.min(o, c));
            days[m] = sessions[s];
            open[m] = o;
            high[m] = h;
            low[m] = l;
            close[m] = c;
            volume[m] = Math.max(100, Math.rint(shares));
            m++;
        }
        if (m < capacity) {
            days = Arrays.copyOf(days, m);
            open = Arrays.copyOf(open, m);
            high = Arrays.copyOf(high, m);
            low = Arrays.copyOf(low, m);
            close = Arrays.copyOf(close, m);
            volume = Arrays.copyOf(volume, m);
        }
        if (splits == 0) {
            return BarSeries.adjustedOnly(ticker, days, open, high, low, close, volume);
        }
        // adjusted = as-traded over the product of the ratios of all later splits
        double[] aOpen = new double[m], aHigh = new double[m], aLow = new double[m], aClose = new double[m];
        double[] aVolume = new double[m];
        double factor = 1;
        int k = splits - 1;
        for (int i = m - 1; i >= 0; i--) {
            if (factor == 1) {
                aOpen[i] = open[i];
                aHigh[i] = high[i];
                aLow[i] = low[i];
                aClose[i] = close[i];
                aVolume[i] = volume[i];
            } else {
                aOpen[i] = open[i] / factor;
                aHigh[i] = high[i] / factor;
                aLow[i] = low[i] / factor;
                aClose[i] = close[i] / factor;
                aVolume[i] = volume[i] * factor;
            }
            while (k >= 0 && splitBar[k] == i) {
                factor *= splitRatio[k--];
            }
        }
        return new BarSeries(ticker, days, aOpen, aHigh, aLow, aClose, aVolume, open, high, low, close, volume);
    }
}
