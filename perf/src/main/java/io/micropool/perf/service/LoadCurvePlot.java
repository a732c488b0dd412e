package io.micropool.perf.service;

import io.micropool.perf.showcase.PercentilePlot;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the picture service engineers read: p99 latency against the offered request rate, one line per
 * pool, one panel per kind of caller, side by side. The latency axis is logarithmic (drawn as a linear
 * axis of base-10 logarithms with custom labels, as {@link PercentilePlot} explains); the rate axis is
 * linear and labelled with the share of the machine too.
 */
final class LoadCurvePlot {
    private static final int PANEL_WIDTH = 900;
    private static final int PANEL_HEIGHT = 600;
    /** Each pool's colour, the same in every panel, by its file id. */
    private static final Map<String, Color> COLOURS = Map.of(
        "micropool", new Color(0x1f, 0x77, 0xb4),
        "micropool-deferred", new Color(0x17, 0xbe, 0xcf),
        "forkjoin2", new Color(0xd6, 0x27, 0x28),
        "commonpool", new Color(0xff, 0x7f, 0x0e),
        "threadpool2", new Color(0x94, 0x67, 0xbd),
        "inline", new Color(0x7f, 0x7f, 0x7f));

    private LoadCurvePlot() {
    }

    /**
     * @param file         the PNG to write
     * @param measurements every configuration of one fan-out; each is one point of its pool's line
     * @param capacity     requests per second the machine's cores can serve, for the share labels
     * @throws IOException if the file cannot be written
     */
    static void write(Path file, List<ServiceMeasurement> measurements, double capacity) throws IOException {
        double lowest = Double.MAX_VALUE;
        double highest = 1;
        for (ServiceMeasurement m : measurements) {
            double p99 = m.latencyMicros(99);
            if (!Double.isNaN(p99)) {
                lowest = Math.min(lowest, p99);
                highest = Math.max(highest, p99);
            }
        }
        double yMin = Math.floor(Math.log10(Math.max(1, lowest)));
        double yMax = Math.max(yMin + 1, Math.ceil(Math.log10(highest)));
        List<XYChart> panels = new ArrayList<>();
        for (Callers callers : Callers.values()) {
            Map<String, List<ServiceMeasurement>> byPool = new LinkedHashMap<>();
            for (ServiceMeasurement m : measurements) {
                if (m.callers() == callers) {
                    byPool.computeIfAbsent(m.pool(), name -> new ArrayList<>()).add(m);
                }
            }
            if (byPool.isEmpty()) {
                continue;
            }
            FanOut fanOut = measurements.get(0).fanOut();
            XYChart panel = panel(callers.description + ", " + fanOut.id, capacity);
            XYStyler styler = panel.getStyler();
            styler.setYAxisMin(yMin);
            styler.setYAxisMax(yMax);
            // The whole machine's range, so that the last rate has room for its label.
            styler.setXAxisMin(0.0);
            styler.setXAxisMax(capacity);
            byPool.forEach((pool, points) -> addLine(panel, pool, points));
            panels.add(panel);
        }
        BitmapEncoder.saveBitmap(panels, 1, panels.size(), file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart panel(String title, double capacity) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
            .xAxisTitle("offered load, requests per second (share of the machine)")
            .yAxisTitle("p99 latency from due time").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.setCustomYAxisTickLabelsFormatter(PercentilePlot::durationLabel);
        chart.setCustomXAxisTickLabelsFormatter(rate -> String.format(Locale.ROOT, "%,.0f (%.0f%%)", rate,
            100 * rate / capacity));
        return chart;
    }

    /** One line: x = offered rate, y = log10(p99 in µs); configurations where nothing completed are left out. */
    private static void addLine(XYChart panel, String name, List<ServiceMeasurement> points) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (ServiceMeasurement m : points) {
            double p99 = m.latencyMicros(99);
            if (!Double.isNaN(p99)) {
                x.add(m.offeredPerSecond());
                y.add(Math.log10(Math.max(1, p99)));
            }
        }
        if (!x.isEmpty()) {
            XYSeries series = panel.addSeries(name, x, y);
            Color colour = COLOURS.get(points.get(0).poolFileId());
            if (colour != null) {
                series.setLineColor(colour);
                series.setMarkerColor(colour);
            }
        }
    }
}
