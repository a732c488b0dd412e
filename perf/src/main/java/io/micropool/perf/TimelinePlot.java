package io.micropool.perf;

import io.micropool.core.Trace;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Function;

/**
 * Draws a {@link Trace} as a timeline PNG: one row per thread, time across from the first span, one bar
 * per span — foreground units blue, background tasks orange — and a span that runs inside another on the
 * same thread (a nested call's unit) one lane below it. A timeline is not a chart
 * type of the plotting library the showcase uses for its percentiles (XChart), so this draws it with
 * Java 2D, headless.
 */
public final class TimelinePlot {
    private static final int WIDTH = 1200;
    private static final int LEFT = 190;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int LANE = 34;
    private static final int BAR = 26;
    private static final int ROW_GAP = 16;
    private static final int BOTTOM = 50;
    private static final Color FOREGROUND = new Color(0x4C78A8);
    private static final Color BACKGROUND = new Color(0xF58518);

    private TimelinePlot() {
    }

    /**
     * @param trace  what to draw
     * @param title  the line above the plot
     * @param labels the label of each span, or null for none
     * @param file   the PNG to write
     */
    public static void write(Trace trace, String title, Function<Trace.Span, String> labels, Path file)
        throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> threads = new ArrayList<>();
        long origin = trace.spans().isEmpty() ? 0 : trace.spans().get(0).startNanos();
        long end = 1;
        for (Trace.Span span : trace.spans()) {
            if (!threads.contains(span.thread())) {
                threads.add(span.thread());
            }
            end = Math.max(end, span.startNanos() + span.durationNanos() - origin);
        }
        // Lane of each span: how many spans of its thread are still open when it starts (spans by start).
        Map<Trace.Span, Integer> lanes = new HashMap<>();
        int[] laneCount = new int[threads.size()];
        for (String thread : threads) {
            Deque<Long> openEnds = new ArrayDeque<>();
            for (Trace.Span span : trace.spans()) {
                if (!span.thread().equals(thread)) {
                    continue;
                }
                while (!openEnds.isEmpty() && openEnds.peek() <= span.startNanos()) {
                    openEnds.pop();
                }
                lanes.put(span, openEnds.size());
                int t = threads.indexOf(thread);
                laneCount[t] = Math.max(laneCount[t], openEnds.size() + 1);
                openEnds.push(span.startNanos() + span.durationNanos());
            }
        }
        int[] rowTop = new int[threads.size()];
        int y0 = TOP;
        for (int t = 0; t < threads.size(); t++) {
            rowTop[t] = y0;
            y0 += laneCount[t] * LANE + ROW_GAP;
        }
        int height = y0 + BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 28);

            double scale = (WIDTH - LEFT - RIGHT) / (double) end;
            drawAxis(g, end, scale, height - BOTTOM);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int row = 0; row < threads.size(); row++) {
                g.setColor(Color.BLACK);
                g.drawString(threads.get(row), 10, rowTop[row] + BAR / 2 + 5);
            }
            for (Trace.Span span : trace.spans()) {
                int row = threads.indexOf(span.thread());
                int x = LEFT + (int) Math.round((span.startNanos() - origin) * scale);
                int w = Math.max(2, (int) Math.round(span.durationNanos() * scale));
                int y = rowTop[row] + lanes.get(span) * LANE;
                g.setColor(span.kind() == Trace.Kind.FOREGROUND ? FOREGROUND : BACKGROUND);
                g.fillRect(x, y, w, BAR);
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(1));
                g.drawRect(x, y, w, BAR);
                String label = labels == null ? null : labels.apply(span);
                if (label != null) {
                    FontMetrics metrics = g.getFontMetrics();
                    int textWidth = metrics.stringWidth(label);
                    g.setColor(textWidth + 6 <= w ? Color.WHITE : Color.BLACK);
                    int textX = textWidth + 6 <= w ? x + (w - textWidth) / 2 : x + w + 3;
                    g.drawString(label, textX, y + BAR / 2 + 5);
                }
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawAxis(Graphics2D g, long endNanos, double scale, int y) {
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double endMs = endNanos / 1e6;
        double step = niceStep(endMs / 8);
        for (double ms = 0; ms <= endMs + 1e-9; ms += step) {
            int x = LEFT + (int) Math.round(ms * 1e6 * scale);
            g.drawLine(x, y, x, y + 5);
            g.drawString(String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", ms), x - 8, y + 20);
        }
        g.drawString("ms since the first span", WIDTH - RIGHT - 150, y + 38);
    }

    /** @return 1, 2 or 5 times a power of ten, at least {@code rough} */
    private static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1e-6))));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}
