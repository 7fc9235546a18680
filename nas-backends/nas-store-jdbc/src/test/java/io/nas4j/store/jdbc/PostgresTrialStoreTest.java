package io.nas4j.store.jdbc;

/** The store contract on a real PostgreSQL server; skipped, saying why, when none is available. */
class PostgresTrialStoreTest extends TrialStoreContract {

    @Override
    String newDatabase() {
        return Databases.postgres();
    }
}
