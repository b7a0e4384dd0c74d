package dev.syncio.cluster;

/** {@link ClusterBusContract} for the in-memory bus of a single node. */
class LocalBusTest extends ClusterBusContract {

    @Override
    ClusterBus newBus() {
        return new LocalBus();
    }

    @Override
    int compareOffsets(String a, String b) {
        return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
}
