package io.nas4j.executor.queue;

/** The queue on a real PostgreSQL server; skipped, saying why, when none is available. */
class PostgresQueueTest extends QueueContract {

    @Override
    String newStore() {
        return Stores.postgres();
    }
}
