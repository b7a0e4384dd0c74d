package dev.syncio.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of a host event payload as optional: syncio's typed binding treats any
 * annotation named {@code Nullable} as "may be absent".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD,
        ElementType.TYPE_USE})
public @interface Nullable {
}
