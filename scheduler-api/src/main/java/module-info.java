/**
 * The micropool scheduler API: what a caller programs against, with no implementation behind it.
 */
module io.micropool.api {
    exports io.micropool.api;
}
