package io.agentshop.commandside.infrastructure.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.lang.reflect.Field;

/**
 * The aggregate cache, made safe for several edge nodes: a cached aggregate is handed out only if no node stored an
 * event for it after it was cached. Writes were safe without this (a stale aggregate fails its append on the sequence
 * number, is evicted and reloaded), but a command that stores nothing (a read decided by the Account) would be decided
 * on a stale state: a ban given on one node would not hold on another until its cache entry went. One indexed query
 * per load ({@code max(sequenceNumber)} of the aggregate) keeps the cache's gain, no replay, and loses its risk.
 * <p>
 * Axon's {@link AggregateCacheEntry} does not show the version it holds, so it is read from its field; the class
 * fails at start, not silently, if an Axon upgrade renames it.
 */
public final class StoreCheckedCache implements Cache {

    private static final Field VERSION = versionField();

    private final Cache cache;
    private final EventStorageEngine events;

    public StoreCheckedCache(Cache cache, EventStorageEngine events) {
        this.cache = cache;
        this.events = events;
    }

    @Override
    public <K, V> V get(K key) {
        V cached = cache.get(key);
        if (cached instanceof AggregateCacheEntry<?> entry && key instanceof String aggregateId) {
            Long version = versionOf(entry);
            long stored = events.lastSequenceNumberFor(aggregateId).orElse(-1L);
            if (version == null || version < stored) {
                cache.remove(key);
                return null;
            }
        }
        return cached;
    }

    @Override
    public void put(Object key, Object value) {
        cache.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return cache.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key) {
        return cache.remove(key);
    }

    @Override
    public void removeAll() {
        cache.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return cache.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return cache.registerCacheEntryListener(listener);
    }

    private static Long versionOf(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static Field versionField() {
        try {
            Field version = AggregateCacheEntry.class.getDeclaredField("version");
            version.setAccessible(true);
            return version;
        } catch (NoSuchFieldException renamed) {
            throw new IllegalStateException("Axon's AggregateCacheEntry no longer has the field 'version': the aggregate"
                    + " cache cannot tell a stale entry; see StoreCheckedCache", renamed);
        }
    }
}
