package io.micropool.perf.showcase;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each configuration's histogram as an HdrHistogram percentile distribution ({@code .hgrm}), the
 * text format that HdrHistogram's plotter and most latency tooling read, with values in microseconds.
 * Nothing else goes into the file, so that those tools can read it; its name says what it measured.
 */
public final class HistogramFiles {
    private HistogramFiles() {
    }

    /**
     * @param directory    where to write; must exist
     * @param measurements one file each, named after {@link Measurement#fileBaseName()}
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(Path directory, List<Measurement> measurements) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Measurement m : measurements) {
            Path file = directory.resolve(m.fileBaseName() + ".hgrm");
            write(file, m.latencies());
            written.add(file);
        }
        return written;
    }

    /**
     * @param file      the {@code .hgrm} file to write
     * @param latencies latencies in nanoseconds, written in microseconds
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Histogram latencies) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8)) {
            latencies.outputPercentileDistribution(print, Measurement.NANOS_PER_MICRO);
        }
    }
}
