package io.nas4j.executor.queue;

/** The queue on an SQLite file that the search and its workers share on one host. */
class SqliteQueueTest extends QueueContract {

    @Override
    String newStore() {
        return Stores.sqlite(folder);
    }
}
