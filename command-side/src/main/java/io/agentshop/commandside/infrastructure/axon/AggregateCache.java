package io.agentshop.commandside.infrastructure.axon;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;

/**
 * The aggregates kept in memory between commands, so a command does not replay every event of its aggregate (a
 * popular product gains one per order, an account one per placement). A bounded heap cache holding them strongly:
 * a weak-reference cache empties at every young collection, which under load is several times a second.
 * <p>
 * With several edge nodes, {@link StoreCheckedCache} in front of it hands out an entry only while it is the latest
 * stored state of its aggregate.
 */
public final class AggregateCache implements AutoCloseable {

    private final CacheManager manager;
    private final Cache cache;

    public AggregateCache(AggregateCacheSettings settings) {
        manager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
        org.ehcache.Cache<Object, Object> aggregates = manager.createCache("aggregates",
                CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(settings.maxEntries())));
        cache = new EhCache3Adapter((Ehcache<Object, Object>) aggregates);
    }

    public Cache cache() {
        return cache;
    }

    @Override
    public void close() {
        manager.close();
    }
}
