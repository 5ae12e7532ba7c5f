import Dispatch
import Glibc
import Synchronization
import Testing
import TestSupport
@testable import SQLiteStore
import Store


/// The schema most tests use.
let itemsMigrations = [
    Migration(version: 1, sql: "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, value)"),
]

/// Opens a store on `directory` with `itemsMigrations`, runs `body`, and closes the store.
func withStore<R>(
    in directory: String,
    migrations: [Migration] = itemsMigrations,
    configure: (inout StoreConfiguration) -> Void = { _ in },
    _ body: (Store) async throws -> R
) async throws -> R {
    var configuration = StoreConfiguration(directory: directory)
    configure(&configuration)
    return try await SQLiteStore.withOpen(configuration, migrations: migrations, body)
}

/// The size of the file at `path` in bytes, or nil when there is none.
func fileSize(_ path: String) -> Int? {
    var information = stat()
    guard stat(path, &information) == 0 else { return nil }
    return Int(information.st_size)
}

/// Inserts an item named `name` and returns its id.
@Sendable func insertItem(_ name: String, into database: Database) throws -> Int64 {
    try database.run("INSERT INTO items(name) VALUES (?)", [.text(name)])
    return database.sqlite.lastInsertRowID
}

extension Database {
    /// The SQLite connection behind the interface, for tests of what only SQLite has.
    var sqlite: SQLiteDatabase { self as! SQLiteDatabase }
}

@Sendable func itemNames(in database: Database) throws -> [String] {
    try database.queryAll("SELECT name FROM items ORDER BY id") { $0.string(0) ?? "" }
}

struct TestFailure: Error, Equatable {
    let index: Int
}

/// A gate a store thread waits at until the test opens it. The wait gives up after a minute and
/// reports false, so a store that wrongly blocks fails its test instead of hanging it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func open() { semaphore.signal() }

    func pass() -> Bool { semaphore.wait(timeout: .now() + 60) == .success }
}

/// Lets a store thread tell the waiting test that it got somewhere.
final class Beacon: Sendable {
    private let signal = CompletionSignal()

    func fire() { signal.complete() }

    func wait() async { await signal.wait() }
}

/// Collects the outcomes of `count` callback-style submissions, indexed by submission order.
final class Outcomes<T: Sendable>: Sendable {
    private let results: Mutex<[Int: Result<T, any Error>]> = Mutex([:])
    private let count: Int
    private let done = CompletionSignal()

    init(count: Int) {
        self.count = count
    }

    func record(_ index: Int, _ result: Result<T, any Error>) {
        let isLast = results.withLock { results in
            results[index] = result
            return results.count == count
        }
        if isLast { done.complete() }
    }

    /// Every outcome, in submission order, once all have arrived.
    func all() async -> [Result<T, any Error>] {
        await done.wait()
        return results.withLock { results in (0..<count).compactMap { results[$0] } }
    }
}

/// Holds the writer inside a job (and so inside its transaction) while `body` runs, then lets it
/// go: everything `body` queued is then waiting together when the writer takes its next batch.
func holdingWriter(of store: Store, while body: () async throws -> Void) async throws {
    let gate = Gate()
    let holding = Beacon()
    let released = Outcomes<Bool>(count: 1)
    store.submitWrite({ _ in
        holding.fire()
        return gate.pass()
    }, completion: { released.record(0, $0) })
    await holding.wait()
    do {
        try await body()
    } catch {
        gate.open()
        throw error
    }
    gate.open()
    let outcome = await released.all()
    #expect(try outcome.first?.get() == true)
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A list that store threads and test tasks append to.
final class Recorder<Element: Sendable>: Sendable {
    private let elements: Mutex<[Element]> = Mutex([])

    func append(_ element: Element) { elements.withLock { $0.append(element) } }

    var all: [Element] { elements.withLock { $0 } }
}
