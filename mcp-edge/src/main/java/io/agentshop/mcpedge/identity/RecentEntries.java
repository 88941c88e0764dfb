package io.agentshop.mcpedge.identity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe map keeping the most recently used entries and forgetting the rest: per-node memory, bounded. */
public final class RecentEntries {

    private RecentEntries() {
    }

    public static <K, V> Map<K, V> map(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }
}
