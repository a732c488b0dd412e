package io.micropool.core.iter;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what keeps one-liners such as {@code pool.of(array).sum()} free of allocation: C2 must never inline
 * {@link PrimitiveTerminals#evaluate} into the pipelines' terminal methods, so its bytecode must stay
 * larger than the largest method C2 inlines at a hot call site ({@code FreqInlineSize}, 325 bytes).
 * {@code AllocationTest.oneLinerTerminalsOverArraysAndRangesAllocateNothing} checks the outcome, which
 * depends on the JIT's compile order; this checks the cause.
 */
class PrimitiveTerminalsSizeTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void evaluateIsTooLargeForC2ToInline() throws IOException {
        int size = codeLength("evaluate");
        assertTrue(size > FREQ_INLINE_SIZE, "PrimitiveTerminals.evaluate has " + size
            + " bytes of bytecode; above " + FREQ_INLINE_SIZE + " it is never inlined (see its class comment)");
    }

    /** @return the length of the bytecode of the method {@code name} of {@link PrimitiveTerminals} */
    private static int codeLength(String name) throws IOException {
        try (InputStream in = PrimitiveTerminals.class.getResourceAsStream("PrimitiveTerminals.class")) {
            assertNotNull(in, "PrimitiveTerminals.class");
            DataInputStream data = new DataInputStream(in);
            data.readInt();
            data.readUnsignedShort();
            data.readUnsignedShort();
            int count = data.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1:
                        utf8[i] = data.readUTF();
                        break;
                    case 5:
                    case 6:
                        data.skipBytes(8);
                        i++;
                        break;
                    case 7:
                    case 8:
                    case 16:
                    case 19:
                    case 20:
                        data.skipBytes(2);
                        break;
                    case 15:
                        data.skipBytes(3);
                        break;
                    default:
                        data.skipBytes(4);
                }
            }
            data.skipBytes(6);
            data.skipBytes(2 * data.readUnsignedShort());
            skipMembers(data);
            int methods = data.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                data.skipBytes(2);
                String method = utf8[data.readUnsignedShort()];
                data.skipBytes(2);
                int attributes = data.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[data.readUnsignedShort()];
                    int length = data.readInt();
                    if (method.equals(name) && attribute.equals("Code")) {
                        data.skipBytes(4);
                        return data.readInt();
                    }
                    data.skipBytes(length);
                }
            }
            throw new AssertionError("no method " + name + " in PrimitiveTerminals");
        }
    }

    private static void skipMembers(DataInputStream data) throws IOException {
        int members = data.readUnsignedShort();
        for (int m = 0; m < members; m++) {
            data.skipBytes(6);
            int attributes = data.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                data.skipBytes(2);
                data.skipBytes(data.readInt());
            }
        }
    }
}
