package dev.parley.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG of the 1:1 ramps: for every target and wire, p50 and p99 latency against the offered rate, on
 * a logarithmic latency axis with the ramp's bound drawn across, so that where Parley leaves its
 * baseline is seen at a glance. Rendered without a display (AWT headless).
 */
final class LatencyPlot {

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private LatencyPlot() {
    }

    /**
     * Writes the plot of the report's {@code pairs} runs to the file, creating its folder.
     *
     * @return whether there was anything to plot (no file is written without a {@code pairs} run)
     */
    static boolean write(BenchReport report, double boundMs, Path file) throws IOException {
        List<RunResult> pairs = report.runs().stream().filter(r -> r.workload().equals("pairs")).toList();
        if (pairs.isEmpty()) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (RunResult run : pairs) {
            String name = run.target() + " " + run.wire();
            series.computeIfAbsent(name + " p99", XYSeries::new).add(run.rate(), positive(run.p99Ms()));
            series.computeIfAbsent(name + " p50", XYSeries::new).add(run.rate(), positive(run.p50Ms()));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart("1:1 latency by offered rate (" + report.machine().get("cores")
                        + " cores)", "messages per second, all senders", "latency, ms", data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis latency = new LogAxis("latency, ms (log)");
        latency.setSmallestValue(0.1);
        latency.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        plot.setRangeAxis(latency);
        LogAxis rate = new LogAxis("messages per second, all senders (log)");
        rate.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.setDomainAxis(rate);
        ValueMarker bound = new ValueMarker(boundMs, Color.RED, new BasicStroke(1.5f));
        bound.setLabel("p99 bound " + boundMs + " ms");
        bound.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        bound.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(bound);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
        List<String> sides = new ArrayList<>();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String key = data.getSeriesKey(i).toString();
            String side = key.substring(0, key.lastIndexOf(' '));
            if (!sides.contains(side)) {
                sides.add(side);
            }
            // p99 solid and p50 dashed, in one colour per target and wire
            lines.setSeriesPaint(i, PALETTE[sides.indexOf(side) % PALETTE.length]);
            lines.setSeriesStroke(i, key.endsWith("p50")
                    ? new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f)
                    : new BasicStroke(2f));
        }
        plot.setRenderer(lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 600);
        return true;
    }

    /** A log axis cannot show 0; a run with no latency recorded is drawn at the axis floor. */
    private static double positive(double ms) {
        return Math.max(ms, 0.1);
    }
}
