package dev.syncio.cluster;

import java.time.Duration;

/** {@link ClusterBusContract} for the in-memory bus of a single node. */
class LocalBusTest extends ClusterBusContract {

    @Override
    ClusterBus newBus() {
        return new LocalBus();
    }

    @Override
    ClusterBus newBus(int maxEvents, Duration maxAge) {
        return new LocalBus(maxEvents, Long.MAX_VALUE, maxAge);
    }

    @Override
    int compareOffsets(String a, String b) {
        return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
}
