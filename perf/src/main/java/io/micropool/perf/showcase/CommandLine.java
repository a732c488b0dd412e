package io.micropool.perf.showcase;

import java.nio.file.Path;

/**
 * The command line of a showcase, read option by option: {@code --name}, {@code --name value} or
 * {@code --name=value}.
 *
 * <pre>{@code
 * CommandLine line = new CommandLine(args);
 * for (String name = line.next(); name != null; name = line.next()) {
 *     switch (name) {
 *         case "--seconds" -> seconds = line.seconds(false, 3600);
 *         default -> throw line.unknown();
 *     }
 * }
 * }</pre>
 */
public final class CommandLine {
    /** A command line that cannot be run; the showcases exit with status 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    private final String[] args;
    private int next;
    /** The option read last, as typed. */
    private String arg;
    private String name;
    /** Its value after {@code =}, or null. */
    private String inlineValue;

    public CommandLine(String[] args) {
        this.args = args.clone();
    }

    /** @return the name of the next option ({@code --seconds} of {@code --seconds=2}), or null after the last */
    public String next() {
        if (next >= args.length) {
            return null;
        }
        arg = args[next++];
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
            name = arg.substring(0, equals);
            inlineValue = arg.substring(equals + 1);
        } else {
            name = arg;
            inlineValue = null;
        }
        return name;
    }

    /**
     * @return the value of the option read last: after its {@code =}, or the next argument
     * @throws UsageException if there is none
     */
    public String value() throws UsageException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (next >= args.length) {
            throw new UsageException(name + " needs a value");
        }
        return args[next++];
    }

    /**
     * @param zeroAllowed whether 0 is a valid value
     * @param max         the largest valid value
     * @return the value of the option read last, a number of seconds in {@code [0, max]} or {@code (0, max]}
     * @throws UsageException if it is missing, not a number or out of range
     */
    public double seconds(boolean zeroAllowed, double max) throws UsageException {
        String value = value();
        double seconds;
        try {
            seconds = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number of seconds: " + value);
        }
        boolean tooSmall = zeroAllowed ? seconds < 0 : seconds <= 0;
        if (tooSmall || seconds > max || Double.isNaN(seconds)) {
            String range = (zeroAllowed ? "[0, " : "(0, ") + (long) max + "]";
            throw new UsageException(name + " must be in " + range + ": " + value);
        }
        return seconds;
    }

    /**
     * @return the value of the option read last, a directory
     * @throws UsageException if it is missing or empty
     */
    public Path directory() throws UsageException {
        String value = value();
        if (value.isEmpty()) {
            throw new UsageException(name + " needs a directory");
        }
        return Path.of(value);
    }

    /** @return the error for the option read last, which the showcase does not know */
    public UsageException unknown() {
        return new UsageException("unknown option: " + arg);
    }
}
