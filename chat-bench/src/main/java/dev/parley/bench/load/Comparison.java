package dev.parley.bench.load;

import java.util.List;

/**
 * Parley beside Parley: the highest 1:1 rate at which p99 stayed under the bound for a baseline set-up
 * and for a candidate, ramped rate by rate in the same run, with every run of both.
 *
 * @param name              what is compared, such as {@code cross-node} or {@code mqtt}
 * @param baseline          the baseline side, such as {@code parley/TCP}
 * @param candidate         the candidate side, such as {@code cluster/TCP}
 * @param boundMs           the p99 bound
 * @param baselineHighest   the baseline's highest passing rate, 0 if none passed
 * @param candidateHighest  the candidate's, 0 if none passed
 * @param baselineAtTop     whether the baseline passed the ramp's top rate, so its figure is a lower bound
 * @param candidateAtTop    likewise for the candidate
 * @param baselineSustained the baseline's highest rate at which every message was delivered within the
 *                          drain, whatever the latency (its throughput), 0 if none
 * @param candidateSustained likewise for the candidate
 * @param runs              every run of both sides, in the order they ran
 */
public record Comparison(String name, String baseline, String candidate, double boundMs, double baselineHighest,
                         double candidateHighest, boolean baselineAtTop, boolean candidateAtTop,
                         double baselineSustained, double candidateSustained, List<RunResult> runs) {

    /** The candidate's highest rate over the baseline's, or NaN if the baseline passed none. */
    public double ratio() {
        return baselineHighest == 0 ? Double.NaN : candidateHighest / baselineHighest;
    }

    /** The candidate's sustained rate over the baseline's, or NaN if the baseline sustained none. */
    public double sustainedRatio() {
        return baselineSustained == 0 ? Double.NaN : candidateSustained / baselineSustained;
    }
}
