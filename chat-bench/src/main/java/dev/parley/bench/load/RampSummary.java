package dev.parley.bench.load;

/**
 * The highest 1:1 rate at which p99 stayed under the bound, for Parley and its baseline over one wire.
 *
 * @param wire                  {@code WS} or {@code TCP}
 * @param baseline              the baseline's name
 * @param boundMs               the p99 bound
 * @param parleyHighest         Parley's highest passing rate, 0 if none passed
 * @param baselineHighest       the baseline's, 0 if none passed
 * @param parleyAtTop           whether Parley passed the ramp's top rate, so its figure is a lower bound
 * @param baselineAtTop         likewise for the baseline
 */
public record RampSummary(String wire, String baseline, double boundMs, double parleyHighest, double baselineHighest,
                          boolean parleyAtTop, boolean baselineAtTop) {

    /** Parley's highest rate over the baseline's, or NaN if the baseline passed none. */
    public double ratio() {
        return baselineHighest == 0 ? Double.NaN : parleyHighest / baselineHighest;
    }
}
