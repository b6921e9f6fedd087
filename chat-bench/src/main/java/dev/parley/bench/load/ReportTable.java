package dev.parley.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report as Markdown tables: each Parley run beside the baseline's run of the same shape, and the ratio. */
final class ReportTable {

    private ReportTable() {
    }

    static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append("machine: ").append(report.machine()).append("\n\n");
        out.append("| workload | wire | conns | rate msg/s | Parley p50 / p99 / p99.9 ms | Parley deliveries/s | "
                + "Parley CPU server / client % | Parley writer commit mean / p99 / max ms, msgs per commit | baseline | baseline p50 / p99 / p99.9 ms | baseline deliveries/s | "
                + "baseline CPU server / client % | p99 ratio | server CPU ratio | "
                + "server µs CPU / KiB allocated per message, Parley vs baseline | saturated |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult parley : report.runs()) {
            if (!parley.target().equals("parley")) {
                continue;
            }
            Optional<RunResult> bare = report.runs().stream().filter(r -> !r.target().equals("parley")
                    && r.wire().equals(parley.wire()) && r.workload().equals(parley.workload())
                    && r.rate() == parley.rate() && r.connections() == parley.connections()).findFirst();
            out.append("| ").append(parley.workload()).append(" | ").append(parley.wire()).append(" | ")
                    .append(parley.connections()).append(" | ").append(f0(parley.rate())).append(" | ")
                    .append(latencies(parley)).append(" | ").append(f0(parley.deliveriesPerSecond())).append(" | ")
                    .append(cpu(parley)).append(" | ").append(writer(parley)).append(" | ");
            if (bare.isPresent()) {
                RunResult b = bare.get();
                out.append(b.target()).append(" | ").append(latencies(b)).append(" | ")
                        .append(f0(b.deliveriesPerSecond())).append(" | ").append(cpu(b)).append(" | ")
                        .append(ratio(parley.p99Ms(), b.p99Ms())).append(" | ")
                        .append(ratio(parley.serverCpuPct(), b.serverCpuPct())).append(" | ")
                        .append(perMessage(parley)).append(" vs ").append(perMessage(b)).append(" | ")
                        .append(saturation(parley)).append(" / ").append(saturation(b));
            } else {
                out.append("(not run) | | | | | | ").append(perMessage(parley)).append(" | ").append(saturation(parley));
            }
            out.append(" |\n");
        }
        List<RampSummary> ramps = report.ramps();
        if (!ramps.isEmpty()) {
            out.append("\n| highest 1:1 rate with p99 < bound | wire | Parley | baseline | Parley / baseline |\n");
            out.append("|---|---|---|---|---|\n");
            for (RampSummary ramp : ramps) {
                out.append("| p99 < ").append(f0(ramp.boundMs())).append(" ms | ").append(ramp.wire()).append(" | ")
                        .append(highest(ramp.parleyHighest(), ramp.parleyAtTop())).append(" | ")
                        .append(ramp.baseline()).append(' ')
                        .append(highest(ramp.baselineHighest(), ramp.baselineAtTop())).append(" | ")
                        .append(Double.isNaN(ramp.ratio()) ? "n/a" : f2(ramp.ratio())
                                + (ramp.baselineAtTop() ? " (baseline not saturated)" : ""))
                        .append(" |\n");
            }
        }
        if (!report.idle().isEmpty()) {
            out.append("\n| idle | wire | sessions | client processes | heap counts | Parley connects/s | "
                    + "Parley KiB heap per session | Parley threads before / with sessions | baseline | "
                    + "baseline connects/s | baseline KiB heap per session | baseline threads before / with sessions | "
                    + "connects ratio | heap ratio |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (IdleResult parley : report.idle()) {
                if (!parley.target().equals("parley")) {
                    continue;
                }
                out.append("| idle | ").append(parley.wire()).append(" | ").append(parley.sessions()).append(" | ")
                        .append(parley.clientProcesses() == 0 ? "0 (this JVM)" : parley.clientProcesses()).append(" | ")
                        .append(parley.serverOnly() ? "the server's end" : "both ends").append(" | ")
                        .append(f0(parley.connectsPerSecond())).append(" | ").append(f2(parley.heapPerSessionKb()))
                        .append(" | ").append(parley.threadsBefore()).append(" / ").append(parley.threadsAfter());
                Optional<IdleResult> bare = report.idle().stream().filter(r -> !r.target().equals("parley")
                        && r.wire().equals(parley.wire()) && r.sessions() == parley.sessions()).findFirst();
                if (bare.isPresent()) {
                    IdleResult b = bare.get();
                    out.append(" | ").append(b.target()).append(" | ").append(f0(b.connectsPerSecond())).append(" | ")
                            .append(f2(b.heapPerSessionKb())).append(" | ").append(b.threadsBefore()).append(" / ")
                            .append(b.threadsAfter()).append(" | ")
                            .append(ratio(parley.connectsPerSecond(), b.connectsPerSecond())).append(" | ")
                            .append(ratio(parley.heapPerSessionKb(), b.heapPerSessionKb())).append(" |\n");
                } else {
                    out.append(" | (not run) | | | | | |\n");
                }
            }
        }
        if (!report.drains().isEmpty()) {
            out.append("\n| drain | wire | users × messages | Parley s to the last message | Parley msg/s | "
                    + "Parley per user p50 / p99 ms | Parley complete users | Parley syncs | Parley CPU server / client % | "
                    + "baseline | baseline s | baseline msg/s | baseline per user p50 / p99 ms | baseline complete users | "
                    + "baseline CPU server / client % | time ratio | msg/s ratio |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (DrainResult parley : report.drains()) {
                if (!parley.target().equals("parley")) {
                    continue;
                }
                out.append("| drain | ").append(parley.wire()).append(" | ").append(f0(parley.users())).append(" × ")
                        .append(parley.messagesPerUser()).append(" | ").append(drainSeconds(parley)).append(" | ")
                        .append(f0(parley.messagesPerSecond())).append(" | ").append(f1(parley.doneP50Ms()))
                        .append(" / ").append(f1(parley.doneP99Ms())).append(" | ").append(drainUsers(parley))
                        .append(" | ").append(parley.syncs()).append(" | ").append(f0(parley.serverCpuPct()))
                        .append(" / ").append(f0(parley.clientCpuPct()));
                Optional<DrainResult> bare = report.drains().stream().filter(r -> !r.target().equals("parley")
                        && r.wire().equals(parley.wire()) && r.users() == parley.users()
                        && r.messagesPerUser() == parley.messagesPerUser()).findFirst();
                if (bare.isPresent()) {
                    DrainResult b = bare.get();
                    out.append(" | ").append(b.target()).append(" | ").append(drainSeconds(b)).append(" | ")
                            .append(f0(b.messagesPerSecond())).append(" | ").append(f1(b.doneP50Ms())).append(" / ")
                            .append(f1(b.doneP99Ms())).append(" | ").append(drainUsers(b)).append(" | ")
                            .append(f0(b.serverCpuPct())).append(" / ").append(f0(b.clientCpuPct())).append(" | ")
                            .append(ratio(parley.seconds(), b.seconds())).append(" | ")
                            .append(ratio(parley.messagesPerSecond(), b.messagesPerSecond())).append(" |\n");
                } else {
                    out.append(" | (not run) | | | | | | | |\n");
                }
            }
        }
        return out.toString();
    }

    private static String drainSeconds(DrainResult r) {
        return f2(r.seconds()) + (r.usersUnfinished() > 0 ? " (" + r.usersUnfinished() + " unfinished)" : "");
    }

    private static String drainUsers(DrainResult r) {
        return r.usersComplete() + " of " + r.users()
                + (r.duplicates() > 0 ? " (" + r.duplicates() + " duplicates)" : "")
                + (r.received() < r.expected() ? " (" + (r.expected() - r.received()) + " missing)" : "");
    }

    private static String latencies(RunResult r) {
        return f2(r.p50Ms()) + " / " + f2(r.p99Ms()) + " / " + f2(r.p999Ms())
                + (r.delivered() < r.expected() ? " (" + (r.expected() - r.delivered()) + " undelivered)" : "")
                + (r.disconnects() > 0 ? " (" + r.disconnects() + " cut)" : "");
    }

    /** The engine's writer over the window, as its meters saw it. */
    private static String writer(RunResult r) {
        return f2(r.writerCommitMeanMs()) + " / " + bound(r.writerCommitP99Ms()) + " / " + bound(r.writerCommitMaxMs())
                + ", " + f1(r.writerBatchMean());
    }

    /** A commit time known only as a bucket's upper bound. */
    private static String bound(double ms) {
        return Double.isNaN(ms) ? "n/a" : Double.isInfinite(ms) ? "> 10000" : "≤ " + f2(ms);
    }

    private static String cpu(RunResult r) {
        return f0(r.serverCpuPct()) + " / " + f0(r.clientCpuPct());
    }

    private static String perMessage(RunResult r) {
        return f0(r.serverCpuUsPerMessage()) + " µs / " + f1(r.serverKbPerMessage()) + " KiB";
    }

    private static String saturation(RunResult r) {
        return r.clientSaturated() ? (r.serverSaturated() ? "both" : "client")
                : r.serverSaturated() ? "server" : "no";
    }

    private static String highest(double rate, boolean atTop) {
        return rate == 0 ? "none" : (atTop ? "≥ " : "") + f0(rate);
    }

    private static String ratio(double a, double b) {
        return b > 0 && !Double.isNaN(a) && !Double.isNaN(b) ? f2(a / b) + "×" : "n/a";
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
