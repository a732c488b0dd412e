package io.micropool.core.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Finding the VarHandle of a field, for the few atomic fields that live on the heap. */
public final class FieldHandles {
    private FieldHandles() {
    }

    /**
     * @param lookup a lookup with access to the field, from its class ({@code MethodHandles.lookup()})
     * @return the VarHandle of field {@code name} of type {@code type} declared by {@code owner}
     * @throws IllegalStateException if there is no such field (a build error, met in a static initializer)
     */
    public static VarHandle find(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + owner.getName() + "." + name + " of type " + type, e);
        }
    }
}
