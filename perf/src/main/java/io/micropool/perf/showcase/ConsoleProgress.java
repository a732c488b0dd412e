package io.micropool.perf.showcase;

import java.io.PrintStream;

/** One line of progress on the console, overwritten in place as a run goes from step to step. */
public final class ConsoleProgress {
    private final PrintStream out;
    private String line = "";

    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    /** Overwrites the progress line with {@code text}; spaces erase what a longer previous line left. */
    public void show(String text) {
        int erase = Math.max(0, line.length() - text.length());
        out.print("\r" + text + " ".repeat(erase));
        out.flush();
        line = text;
    }

    /** Erases the progress line, leaving the cursor at its start. */
    public void clear() {
        out.print("\r" + " ".repeat(line.length()) + "\r");
        out.flush();
        line = "";
    }
}
