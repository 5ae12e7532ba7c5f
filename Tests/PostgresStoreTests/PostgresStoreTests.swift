import Testing
@Suite struct PostgresStoreTests {}
