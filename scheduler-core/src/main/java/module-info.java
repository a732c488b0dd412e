/**
 * micropool's scheduler: {@link io.micropool.core.MicroPool}. Only {@code io.micropool.core} is exported
 * (and the JFR events' package, to {@code jdk.jfr}); the sub-packages are its internals.
 */
module io.micropool.core {
    requires transitive io.micropool.api;
    requires transitive org.agrona;
    requires org.jctools.core;
    requires jdk.jfr;

    exports io.micropool.core;
    // The flight-recorder events, to JFR only, which instruments and reads them.
    exports io.micropool.core.jfr to jdk.jfr;
}
