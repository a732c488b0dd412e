package io.micropool.stress.lincheck;

import io.micropool.core.slots.JobSlotTable;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * {@link JobSlotTable#reserve} and {@link JobSlotTable#release} as an allocator, checked for
 * linearizability.
 *
 * <p>Every thread keeps the slots it reserved, oldest first; {@code release(thread)} gives back that
 * thread's oldest slot, or does nothing if it holds none. So every generated scenario only releases
 * slots its thread holds. The thread number comes from {@link ThreadIdGen} (0 for the initial part,
 * 1 and 2 for the parallel threads, 3 for the post part).
 *
 * <ul>
 *   <li>{@link TwoSlots}: a table of 2 slots (one word of the reserved bit set). The specification
 *       returns the lowest free slot, or -1 when both are reserved.</li>
 *   <li>{@link TwoWords}: a table of 70 slots (two words) in which every slot but 63 and 64 is reserved
 *       from the start: a safety check only. A slot handed out while some thread holds it makes the
 *       operation throw, and the reserved bits must match the held slots after every scenario. Whether a
 *       reservation succeeds is not compared with a specification: across two words a failed reservation
 *       is not linearizable (the custom scenario below shows it: a slot is free at every moment of the
 *       scan, yet the scan sees each word full when it reads it), which {@code AtomicBitSet.claimFirstClear}
 *       documents. The caller then runs its job inline, which is safe.</li>
 * </ul>
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlotAllocatorLincheckTest {
    /** Room for the thread numbers {@link ThreadIdGen} hands out with two parallel threads. */
    static final int THREAD_IDS = 4;

    @Test
    void twoSlotsModelChecking() {
        LincheckSupport.modelChecking()
            .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(HeldSlots.class.getName()).allMethods().ignore())
            .iterations(15)
            .invocationsPerIteration(200)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(2)
            .actorsAfter(1)
            .sequentialSpecification(TwoSlotsSpec.class)
            .check(TwoSlots.class);
    }

    @Test
    void twoWordsModelChecking() {
        LincheckSupport.modelChecking()
            .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(HeldSlots.class.getName()).allMethods().ignore())
            .iterations(15)
            .invocationsPerIteration(300)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1)
            .addCustomScenario(SlotAllocatorLincheckTest::releaseInFirstWordThenReserveInSecond)
            .sequentialSpecification(TwoWordsSpec.class)
            .check(TwoWords.class);
    }

    /**
     * Thread 1 reserves from word 0 while thread 2 reserves slot 63 (word 0), releases it, and reserves
     * slot 64 (word 1): one of the two slots is free at every moment.
     */
    private static Unit releaseInFirstWordThenReserveInSecond(DSLScenarioBuilder scenario) {
        KFunction<?> reserve = operation(TwoWords.class, "reserve", int.class, int.class);
        KFunction<?> release = operation(TwoWords.class, "release", int.class);
        scenario.parallel(threads -> {
            threads.thread(actors -> {
                actors.actor(reserve, 1, 63);
                return Unit.INSTANCE;
            });
            threads.thread(actors -> {
                actors.actor(reserve, 2, 63);
                actors.actor(release, 2);
                actors.actor(reserve, 2, 64);
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
        return Unit.INSTANCE;
    }

    private static KFunction<?> operation(Class<?> type, String name, Class<?>... parameters) {
        try {
            return ReflectJvmMapping.getKotlinFunction(type.getMethod(name, parameters));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A table of 2 slots; {@code reserve} passes the thread number as the hint. */
    @Param(name = "thread", gen = ThreadIdGen.class)
    public static class TwoSlots {
        private final JobSlotTable table = new JobSlotTable(2);
        private final HeldSlots held = new HeldSlots(2);

        @Operation
        public int reserve(@Param(name = "thread") int thread) {
            int slot = table.reserve(thread);
            if (slot >= 0) {
                held.add(thread, slot);
            }
            return slot;
        }

        @Operation
        public int release(@Param(name = "thread") int thread) {
            int slot = held.removeOldest(thread);
            if (slot >= 0) {
                table.release(slot);
            }
            return slot;
        }

        @Validate
        public void reservedSlotsAreHeld() {
            check(table.reservedCount() == held.count(), "reserved slots and held slots differ");
        }
    }

    /** Sequential specification of {@link TwoSlots}: lowest free slot first. */
    public static class TwoSlotsSpec {
        private final boolean[] reserved = new boolean[2];
        private final HeldSlots held = new HeldSlots(2);

        public int reserve(int thread) {
            for (int slot = 0; slot < reserved.length; slot++) {
                if (!reserved[slot]) {
                    reserved[slot] = true;
                    held.add(thread, slot);
                    return slot;
                }
            }
            return -1;
        }

        public int release(int thread) {
            int slot = held.removeOldest(thread);
            if (slot >= 0) {
                reserved[slot] = false;
            }
            return slot;
        }
    }

    /** The slots of {@link TwoWords} that are free at the start. */
    static final int[] TWO_WORDS_FREE = {63, 64};
    static final int TWO_WORDS_SLOTS = 70;

    /**
     * A table of 70 slots with only 63 and 64 free at the start. Hints 0 to 63 start the search at
     * word 0, 64 to 69 at word 1.
     */
    @Param(name = "thread", gen = ThreadIdGen.class)
    @Param(name = "hint", gen = IntGen.class, conf = "63:64")
    public static class TwoWords {
        private final JobSlotTable table = new JobSlotTable(TWO_WORDS_SLOTS);
        private final HeldSlots held = new HeldSlots(TWO_WORDS_SLOTS);
        /** Thread number + 1 of the holder of each slot, 0 when the test holds it for no thread. */
        private final int[] holder = new int[TWO_WORDS_SLOTS];

        public TwoWords() {
            for (int i = 0; i < TWO_WORDS_SLOTS; i++) {
                table.reserve(0);
            }
            for (int slot : TWO_WORDS_FREE) {
                table.release(slot);
            }
        }

        @Operation
        public void reserve(@Param(name = "thread") int thread, @Param(name = "hint") int hint) {
            int slot = table.reserve(hint);
            if (slot < 0) {
                return;
            }
            check(holder[slot] == 0, "slot " + slot + " reserved twice");
            holder[slot] = thread + 1;
            held.add(thread, slot);
        }

        @Operation
        public void release(@Param(name = "thread") int thread) {
            int slot = held.removeOldest(thread);
            if (slot < 0) {
                return;
            }
            holder[slot] = 0;
            table.release(slot);
        }

        @Validate
        public void reservedSlotsAreHeld() {
            check(table.reservedCount() == TWO_WORDS_SLOTS - TWO_WORDS_FREE.length + held.count(),
                "reserved slots and held slots differ");
        }
    }

    /**
     * Specification of {@link TwoWords}: neither operation returns anything, so only exceptions (a slot
     * handed out twice) and the validation after each scenario can fail the check.
     */
    public static class TwoWordsSpec {
        public void reserve(int thread, int hint) {
            // safety only: see TwoWords
        }

        public void release(int thread) {
            // safety only: see TwoWords
        }
    }

    /**
     * The slots each thread holds, oldest first. Each thread touches only its own entries, so the model
     * checker runs these methods without thread switches.
     */
    static final class HeldSlots {
        private final int[][] slots;
        private final int[] counts = new int[THREAD_IDS];

        HeldSlots(int capacity) {
            this.slots = new int[THREAD_IDS][capacity];
        }

        void add(int thread, int slot) {
            slots[thread][counts[thread]++] = slot;
        }

        /** @return the thread's oldest slot, removed, or -1 if it holds none */
        int removeOldest(int thread) {
            int count = counts[thread];
            if (count == 0) {
                return -1;
            }
            int[] mine = slots[thread];
            int oldest = mine[0];
            System.arraycopy(mine, 1, mine, 0, count - 1);
            counts[thread] = count - 1;
            return oldest;
        }

        int count() {
            int total = 0;
            for (int count : counts) {
                total += count;
            }
            return total;
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
