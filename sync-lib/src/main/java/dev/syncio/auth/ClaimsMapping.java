package dev.syncio.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a verified token's claims into {@link dev.syncio.Principal#claims()}: runs the configured
 * mapper, then drops {@code null} keys and values and makes nested maps and lists read-only, so the
 * principal can be shared between threads.
 */
final class ClaimsMapping {

    /** The RFC 7519 registered claims that the verifier itself reads. */
    static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    /** The default mapper: every claim except the registered ones. */
    static final Function<Map<String, Object>, Map<String, ?>> CUSTOM_ONLY = claims -> {
        Map<String, Object> custom = new LinkedHashMap<>(claims);
        custom.keySet().removeAll(REGISTERED);
        return custom;
    };

    private ClaimsMapping() {
    }

    /** Runs {@code mapper} over a read-only copy of {@code claims} and cleans up its result. */
    static Map<String, Object> apply(Function<? super Map<String, Object>, ? extends Map<String, ?>> mapper,
                                     Map<String, Object> claims) {
        Map<String, ?> mapped = mapper.apply(Collections.unmodifiableMap(new LinkedHashMap<>(claims)));
        Map<String, Object> out = new LinkedHashMap<>();
        if (mapped != null) {
            mapped.forEach((name, value) -> {
                if (name != null && value != null) {
                    out.put(name, freeze(value));
                }
            });
        }
        return out;
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Set<?> set) {
            List<Object> items = new ArrayList<>();
            set.forEach(v -> items.add(freeze(v)));
            return Collections.unmodifiableSet(new LinkedHashSet<>(items));
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            collection.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
