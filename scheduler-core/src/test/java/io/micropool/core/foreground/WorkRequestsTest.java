package io.micropool.core.foreground;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request signal counts every thread that asks, and reads idle once each has lowered its request. */
class WorkRequestsTest {
    @Test
    void countsRaisedRequestsUntilEachIsLowered() {
        WorkRequests requests = new WorkRequests();
        assertFalse(requests.any());
        requests.raise();
        requests.raise();
        assertTrue(requests.any());
        assertEquals(2, requests.count());
        requests.lower();
        assertTrue(requests.any(), "one thread still asks");
        requests.lower();
        assertFalse(requests.any());
        assertEquals(0, requests.count());
    }
}
