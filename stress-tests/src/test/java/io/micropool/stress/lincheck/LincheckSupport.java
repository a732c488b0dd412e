package io.micropool.stress.lincheck;

import io.micropool.core.memory.OffHeapBuffer;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/** Settings shared by the Lincheck tests. */
final class LincheckSupport {
    private LincheckSupport() {
    }

    /**
     * Model-checking options in which every {@link OffHeapBuffer} method is one atomic step, with a
     * possible thread switch before and after it. Each of those methods is a single access through a
     * byte-buffer view VarHandle, a kind of VarHandle the model checker cannot follow by itself.
     */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
            .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(OffHeapBuffer.class.getName()).allMethods().treatAsAtomic());
    }
}
