package io.micropool.micrometer;

import io.micrometer.core.instrument.Tag;
import io.micropool.core.Counter;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CounterMeter}: every {@link Counter} has a meter of its own (name and tag), counters that share a
 * name share its description, base unit and tag key, names follow Micrometer's conventions, and only the
 * nanosecond counters are converted, to seconds.
 */
class CounterMeterTest {
    private static final Pattern MICROMETER_NAME = Pattern.compile("micropool(\\.[a-z]+)+");

    @Test
    void everyCounterHasAMeterOfItsOwn() {
        Set<String> ids = new HashSet<>();
        for (Counter counter : Counter.values()) {
            CounterMeter meter = CounterMeter.of(counter);
            assertTrue(ids.add(meter.name() + meter.tags()), "two counters on one meter: " + meter);
        }
        assertEquals(Counter.COUNT, ids.size());
    }

    @Test
    void countersSharingANameShareItsDescriptionUnitAndTagKey() {
        Map<String, CounterMeter> byName = new HashMap<>();
        for (Counter counter : Counter.values()) {
            CounterMeter meter = CounterMeter.of(counter);
            assertTrue(MICROMETER_NAME.matcher(meter.name()).matches(), meter.name());
            assertTrue(meter.baseUnit().matches("[a-z]+s"), "a plural base unit: " + meter);
            assertTrue(!meter.description().isEmpty() && !meter.description().endsWith("."), meter.description());
            CounterMeter first = byName.putIfAbsent(meter.name(), meter);
            if (first != null) {
                assertEquals(first.description(), meter.description(), meter.name());
                assertEquals(first.baseUnit(), meter.baseUnit(), meter.name());
                assertEquals(keys(first), keys(meter), meter.name());
                assertEquals(1, keys(meter).size(), "a shared name is told apart by one tag: " + meter.name());
            }
        }
    }

    @Test
    void onlyTheNanosecondCountersAreScaledToSeconds() {
        for (Counter counter : Counter.values()) {
            CounterMeter meter = CounterMeter.of(counter);
            boolean nanos = counter == Counter.SPIN_NANOS || counter == Counter.PARK_NANOS;
            assertEquals(nanos ? 1e9 : 1.0, meter.perBaseUnit(), counter.name());
            assertEquals(nanos, meter.baseUnit().equals("seconds"), counter.name());
        }
    }

    private static Set<String> keys(CounterMeter meter) {
        Set<String> keys = new HashSet<>();
        for (Tag tag : meter.tags()) {
            keys.add(tag.getKey());
        }
        return keys;
    }
}
