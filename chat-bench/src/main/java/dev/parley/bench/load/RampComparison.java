package dev.parley.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ramps the 1:1 workload on two sides (a target over a wire each), rate by rate, interleaved so that a
 * machine loaded by something else weighs on both alike. A side stops ramping only once it fails to
 * deliver everything within the drain (it is saturated), not at the first p99 over the bound: on a
 * shared machine one run's p99 can spike from a neighbour's load, and a ramp that stopped there would
 * compare the spikes. Its figure is the highest rate whose p99 stayed under the bound.
 */
final class RampComparison {

    /** One side: a target over one wire. */
    record Side(LoadTarget target, Wire wire) {
        String label() {
            return target.name() + "/" + wire;
        }
    }

    private final WorkloadRunner runner;
    private final int pairs;
    private final List<Double> rates;
    private final double boundMs;

    RampComparison(WorkloadRunner runner, int pairs, List<Double> rates, double boundMs) {
        this.runner = runner;
        this.pairs = pairs;
        this.rates = List.copyOf(rates);
        this.boundMs = boundMs;
    }

    /** One unreported run of each side at the lowest rate, so that the JIT has compiled both paths. */
    void warm(Side... sides) throws InterruptedException {
        for (Side side : sides) {
            runner.run(side.target(), side.wire(), Workload.pairs(pairs, rates.get(0)));
        }
    }

    Comparison compare(String name, Side baseline, Side candidate) throws InterruptedException {
        Map<Side, Double> highest = new LinkedHashMap<>();
        Map<Side, Double> sustained = new LinkedHashMap<>();
        Map<Side, Boolean> going = new LinkedHashMap<>();
        List<RunResult> runs = new ArrayList<>();
        for (double rate : rates) {
            for (Side side : List.of(baseline, candidate)) {
                if (!going.getOrDefault(side, true)) {
                    continue;
                }
                RunResult result = runner.run(side.target(), side.wire(), Workload.pairs(pairs, rate));
                System.err.printf("%s %s rate=%.0f: p50=%.2f p99=%.2f ms, %d/%d delivered, server %.0f µs CPU per "
                                + "message%s%n", name, side.label(), rate, result.p50Ms(), result.p99Ms(),
                        result.delivered(), result.expected(), result.serverCpuUsPerMessage(),
                        result.errors() > 0 ? ", " + result.errors() + " errors" : "");
                runs.add(result);
                boolean delivered = result.delivered() >= result.expected() && result.disconnects() == 0;
                going.put(side, delivered);
                if (delivered) {
                    sustained.put(side, rate);
                }
                if (result.meets(boundMs)) {
                    highest.put(side, rate);
                }
            }
        }
        double top = rates.get(rates.size() - 1);
        double b = highest.getOrDefault(baseline, 0.0);
        double c = highest.getOrDefault(candidate, 0.0);
        return new Comparison(name, baseline.label(), candidate.label(), boundMs, b, c, b == top, c == top,
                sustained.getOrDefault(baseline, 0.0), sustained.getOrDefault(candidate, 0.0), runs);
    }
}
