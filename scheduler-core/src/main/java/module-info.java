/**
 * micropool's scheduler: {@link io.micropool.core.MicroPool}. Only {@code io.micropool.core} is exported;
 * the sub-packages are its internals.
 */
module io.micropool.core {
    requires transitive io.micropool.api;
    requires transitive org.agrona;
    requires org.jctools.core;

    exports io.micropool.core;
}
