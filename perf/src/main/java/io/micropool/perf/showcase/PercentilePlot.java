package io.micropool.perf.showcase;

import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws frame latency by percentile, the way HdrHistogram's plotter does, as one PNG of four panels:
 * without and under load (rows) for each frame variant (columns), one line per pool, the same latency
 * scale in every panel.
 *
 * <p>The percentile axis is logarithmic in {@code 1/(1-p)}: 90% sits at 10, 99% at 100, 99.9% at 1000,
 * so the tail gets as much room as the median. Each line ends at {@code 1/(1-p) = frames recorded},
 * where the value is the largest latency. The latency axis is logarithmic too, as latencies range from
 * a fraction of a millisecond to seconds.
 *
 * <p>Both axes are drawn as linear axes of the base-10 logarithms, labelled through custom formatters:
 * XChart 3.8 computes the ticks of a logarithmic axis that has a custom formatter as if it were linear,
 * which with a percentile axis (1 to tens of thousands) never finishes.
 *
 * <p>The JVM must be headless before any AWT class loads; {@link GameLoopShowcase#main} sees to it.
 */
public final class PercentilePlot {
    /** Points per line, evenly spaced on the logarithmic percentile axis. */
    private static final int POINTS = 200;
    private static final int PANEL_WIDTH = 800;
    private static final int PANEL_HEIGHT = 500;

    private PercentilePlot() {
    }

    /**
     * @param file         the PNG to write
     * @param measurements every configuration; each becomes one line in its panel
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, List<Measurement> measurements) throws IOException {
        double lowest = Double.MAX_VALUE;
        double highest = 1;
        long mostFrames = 10;
        for (Measurement m : measurements) {
            lowest = Math.min(lowest, m.latencies().getMinValue() / Measurement.NANOS_PER_MICRO);
            highest = Math.max(highest, m.maxMicros());
            mostFrames = Math.max(mostFrames, m.latencies().getTotalCount());
        }
        // Whole decades around the data, so that the ticks fall on round values.
        double yMin = Math.floor(Math.log10(Math.max(1, lowest)));
        double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(highest)));
        double xMax = Math.ceil(Math.log10(mostFrames));
        List<XYChart> panels = new ArrayList<>();
        for (Load load : Load.values()) {
            for (FrameVariant variant : FrameVariant.values()) {
                // The console is kept to ASCII; the picture can have the proper signs.
                String title = load.label + ": " + variant.description.replace(" x ", " × ").replace(" us", " µs");
                XYChart panel = panel(title);
                XYStyler styler = panel.getStyler();
                styler.setXAxisMin(0.0);
                styler.setXAxisMax(xMax);
                styler.setYAxisMin(yMin);
                styler.setYAxisMax(yMax);
                for (Measurement m : measurements) {
                    if (m.load() == load && m.variant() == variant && m.latencies().getTotalCount() > 0) {
                        addLine(panel, m.pool(), m.latencies());
                    }
                }
                panels.add(panel);
            }
        }
        BitmapEncoder.saveBitmap(panels, Load.values().length, FrameVariant.values().length, file.toString(),
            BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(String title) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT)
            .title(title).xAxisTitle("percentile").yAxisTitle("frame latency from due time").build();
        XYStyler styler = chart.getStyler();
        // Below the plot: inside it, the legend would cover the lines that climb steeply at low percentiles.
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.setCustomXAxisTickLabelsFormatter(PercentilePlot::percentileLabel);
        chart.setCustomYAxisTickLabelsFormatter(PercentilePlot::durationLabel);
        return chart;
    }

    /** One line: x = log10(1/(1-p)), y = log10(latency in µs at percentile p). */
    private static void addLine(XYChart panel, String name, Histogram latencies) {
        double[] x = new double[POINTS];
        double[] y = new double[POINTS];
        double lastX = Math.log10(Math.max(2, latencies.getTotalCount()));
        for (int i = 0; i < POINTS; i++) {
            x[i] = lastX * i / (POINTS - 1);
            double percentile = 100 * (1 - Math.pow(10, -x[i]));
            // At least 1 µs: a logarithm has no room for 0.
            y[i] = Math.log10(Math.max(1, latencies.getValueAtPercentile(percentile) / Measurement.NANOS_PER_MICRO));
        }
        panel.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    /**
     * @param log10OneOverOneMinusP a position on the percentile axis
     * @return 0 → "0%", 1 → "90%", 2 → "99%", 3 → "99.9%": as many decimals as the nines need
     */
    static String percentileLabel(double log10OneOverOneMinusP) {
        // XChart also labels a tick or two outside the axis, which it does not draw, and retries with
        // wider spacing until all labels differ: negative positions must get labels of their own (-900%
        // at -1), or it would retry forever.
        int decimals = (int) Math.max(0, Math.ceil(log10OneOverOneMinusP - 1e-9) - 2);
        return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * (1 - Math.pow(10, -log10OneOverOneMinusP)));
    }

    /**
     * @param log10Micros a position on the latency axis
     * @return the latency in µs, ms or s, whichever reads best, to two or three significant digits
     */
    public static String durationLabel(double log10Micros) {
        double micros = Math.pow(10, log10Micros);
        if (micros >= 1_000_000) {
            return round(micros / 1_000_000) + " s";
        }
        if (micros >= 1_000) {
            return round(micros / 1_000) + " ms";
        }
        return round(micros) + " µs";
    }

    /** 1, 3.2, 10, 32, 100, 316: one decimal below 10, none above. */
    private static String round(double value) {
        return value < 9.95 ? String.format(Locale.ROOT, "%.1f", value).replace(".0", "")
            : String.format(Locale.ROOT, "%.0f", value);
    }
}
