package dev.parley.bench.load;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG of the soak's samples: heap, threads, open files and the writer queue over time, one panel
 * each on a shared time axis, so that growth in any of them is seen at a glance.
 */
final class SoakPlot {

    private SoakPlot() {
    }

    static void write(List<SoakSample> samples, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("seconds"));
        plot.add(panel(samples, "heap in use, MiB", SoakSample::heapMb, new Color(0x1f77b4)));
        plot.add(panel(samples, "threads", s -> s.threads(), new Color(0xff7f0e)));
        plot.add(panel(samples, "open files", s -> s.openFiles(), new Color(0x2ca02c)));
        plot.add(panel(samples, "writer queue", s -> s.writerQueue(), new Color(0xd62728)));
        JFreeChart chart = new JFreeChart("Soak: what the process holds over time", JFreeChart.DEFAULT_TITLE_FONT,
                plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 800);
    }

    private static XYPlot panel(List<SoakSample> samples, String name, ToDoubleFunction<SoakSample> value, Color color) {
        XYSeries series = new XYSeries(name);
        samples.forEach(s -> series.add(s.seconds(), value.applyAsDouble(s)));
        NumberAxis axis = new NumberAxis(name);
        axis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
        line.setSeriesPaint(0, color);
        XYPlot panel = new XYPlot(new XYSeriesCollection(series), null, axis, line);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return panel;
    }
}
