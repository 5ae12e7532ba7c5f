import Logging
import Auth
import Chat
import EventLoop
import HTTP
import Realtime
import StaticFiles
import Store
import Threads
import Webhooks

/// The whole product in one process: store, website directory, HTTP server with the API and
/// `Public/`. `webchat serve` runs one; tests start one on port 0.
public final class WebChatServer: Sendable {
    public let address: SocketAddress
    public let store: Store
    /// `METHOD /path` of every API route, as registered: the documentation test checks them all.
    public let routes: [String]
    private let http: HTTPServer
    private let hub: Hub
    /// Where attachments are kept, whose keeper thread stops with the server.
    private let attachmentStorage: AttachmentStorage
    private let refresher: Task<Void, Never>
    private let webhookDeliverer: WebhookDeliverer
    /// Indexes for search what an older version wrote (`SearchBackfill`), then ends.
    private let backfill: Task<Void, Never>
    let logger: Logger

    /// The URL the server answers on, as printed when it is ready.
    public var url: String {
        let host = address.isIPv6 ? "[\(address.host)]" : address.host
        return "http://\(host):\(address.port)"
    }

    public static func start(_ configuration: ServeConfiguration) async throws -> WebChatServer {
        let logger = Logger(level: configuration.logLevel)
        fitOpenFileLimit(to: configuration.maxConnections, logger: logger)
        let catalog: StaticFileCatalog
        do {
            catalog = try StaticFileCatalog(root: configuration.publicDirectory, logger: logger)
        } catch {
            throw StartupError("The public directory \(configuration.publicDirectory) cannot be served: \(error).")
        }
        // Opening runs the migrations and starts the store's threads: blocking work, off the pool.
        let store = try await PlatformThread.run(name: "webchat-open") { [configuration] in
            try configuration.storeLocation.open(durability: configuration.durability, logger: logger)
        }
        do {
            return try await WebChatServer(configuration, store: store, catalog: catalog, logger: logger)
        } catch {
            await store.close()
            throw error
        }
    }

    private init(_ configuration: ServeConfiguration, store: Store, catalog: StaticFileCatalog, logger: Logger) async throws {
        // A node on PostgreSQL keeps only its own files here; SQLite's store created it already.
        try DataDirectory.create(configuration.dataDirectory)
        let operatorKey = try OperatorKey.load(dataDirectory: configuration.dataDirectory, environment: configuration.environment)
        switch operatorKey.source {
        case .environment:
            logger.info("operator key taken from WEBCHAT_OPERATOR_KEY")
        case .file(let path, let created):
            logger.info(created ? "operator key generated" : "operator key loaded", ["file": path])
        }
        let websites = Websites(store: store)
        let directory = WebsiteDirectory(websites: websites)
        try await directory.refreshIfChanged()
        try await store.refreshPlannerStatistics()
        let demo = configuration.demo
            ? try await DemoMode.prepare(dataDirectory: configuration.dataDirectory, websites: websites, directory: directory) : nil
        let limits = configuration.rateLimits
        var realtime = configuration.realtime
        realtime.logger = logger
        let hub = try await PlatformThread.run(name: "webchat-hub-open") { [realtime] in try Hub(store: store, configuration: realtime) }
        // On PostgreSQL the bytes are in the shared database, which every node serves them from.
        let attachmentStorage: AttachmentStorage
        do {
            attachmentStorage = try AttachmentStorage.prepare(dataDirectory: configuration.dataDirectory,
                                                              location: configuration.database == nil ? .files : .database(store),
                                                              logger: logger)
        } catch {
            hub.stop()
            throw error
        }
        var webhookConfiguration = configuration.webhooks
        let deliverer: WebhookDeliverer
        do {
            // One server runs on a SQLite file, under one name across restarts, so it takes its
            // leases back at once after a crash; nodes sharing PostgreSQL each have their own.
            webhookConfiguration.node = configuration.database == nil ? "local" : Identifier.make(prefix: "node_")
            deliverer = try WebhookDeliverer(store: store, configuration: webhookConfiguration, logger: logger)
        } catch {
            hub.stop()
            attachmentStorage.stop()
            throw StartupError("Webhook delivery cannot start: \(error).")
        }
        let app = AppContext(store: store, websites: websites, directory: directory, chats: Chats(store: store),
                             messages: Messages(store: store), cannedResponses: CannedResponses(store: store),
                             attachments: Attachments(store: store), attachmentStorage: attachmentStorage,
                             maxAttachmentBytes: configuration.maxAttachmentBytes, visitors: Visitors(store: store),
                             webhooks: Webhooks(store: store), webhookURLs: WebhookURLCheck(rules: configuration.webhooks.rules),
                             webhookDeliverer: deliverer, hub: hub,
                             availableAgents: AvailableAgentsCache(availability: hub.availability), operatorKey: operatorKey.key, logger: logger,
                             writeLimiter: RateLimiter(ratePerSecond: limits.writesPerSecond, burst: limits.writesPerSecond * 3),
                             websiteWriteLimiter: RateLimiter(ratePerSecond: limits.websiteWritesPerSecond,
                                                              burst: limits.websiteWritesPerSecond * 2),
                             sessionLimiter: RateLimiter(ratePerSecond: limits.sessionsPerMinute / 60, burst: limits.sessionsPerMinute * 2),
                             realtimeLimiters: RealtimeLimiters(configuration.realtimeRateLimits),
                             tokens: VerifiedTokenCache(verifier: TokenVerifier(maxLifetime: configuration.maxTokenLifetime)))

        var http = HTTPServerConfiguration()
        http.host = configuration.host
        http.port = configuration.port
        if let loops = configuration.loopCount { http.loopCount = loops }
        http.defaultHeaders = [("X-Content-Type-Options", "nosniff")]
        http.logger = logger
        http.limits.maxConnections = configuration.maxConnections
        http.limits.maxConnectionsPerAddress = configuration.maxConnectionsPerAddress
        var router = Routes.make(app)
        demo?.register(&router)
        routes = router.patterns.map { "\($0.method) \($0.pattern)" }
        let handler = WebChatHandler(router: router, staticFiles: StaticRoute(catalog: catalog), logger: logger)
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: http, handler: handler)
            address = try server.start()
        } catch {
            hub.stop()
            attachmentStorage.stop()
            deliverer.stop()
            throw error
        }
        self.hub = hub
        webhookDeliverer = deliverer
        self.attachmentStorage = attachmentStorage
        self.http = server
        self.store = store
        self.logger = logger
        // Unsent uploads are looked for every ten minutes, or as often as they expire if sooner.
        let unsentLifetime = configuration.unsentAttachmentLifetime
        let unsentSweepSeconds = max(1, min(600, Int(unsentLifetime.components.seconds)))
        refresher = Task {
            var seconds = 0
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: .seconds(1))
                } catch {
                    break  // cancelled: the server is stopping
                }
                seconds += 1
                do {
                    try await directory.refreshIfChanged()
                    // The planner's statistics follow the data as it grows, every ten minutes.
                    if seconds % 600 == 0 { try await store.refreshPlannerStatistics() }
                    if seconds % unsentSweepSeconds == 0 { try await app.deleteUnsentAttachments(olderThan: unsentLifetime) }
                } catch {
                    logger.failure("background maintenance failed", error, level: StoreError.logLevel(for: error, otherwise: .warning))
                }
            }
        }
        backfill = Task {
            let backfill = SearchBackfill(store: store)
            var batches = 0
            do {
                while !Task.isCancelled, try await backfill.step() { batches += 1 }
                if batches > 0 { logger.info("search index built for existing messages", ["batches": "\(batches)"]) }
            } catch {
                logger.failure("indexing existing messages for search failed; the next start continues", error,
                               level: StoreError.logLevel(for: error, otherwise: .error))
            }
        }
        logger.info("serving", ["url": url, "loops": "\(http.loopCount)", "data": configuration.dataDirectory, "store": configuration.storeLocation.description,
                                "public": configuration.publicDirectory])
        if let demo {
            logger.info("demo mode: open the URL above to chat with yourself",
                        ["website": demo.websiteID, "id_and_secret_in": demo.credentialsFile])
        }
    }

    /// Descriptors the process needs besides its connections: SQLite files of the writer, readers
    /// and checkpointer, epoll and wake-up descriptors, the listener, spares, pipes.
    static let reservedDescriptors: UInt64 = 256

    /// Raises the soft open-file limit so that `--max-connections` can be reached; says so when
    /// the hard limit does not allow it (connections past it are then answered 503 at accept).
    private static func fitOpenFileLimit(to maxConnections: Int, logger: Logger) {
        let needed = maxConnections > 0 ? UInt64(maxConnections) + reservedDescriptors : UInt64.max
        do {
            let limit = try OpenFileLimit.raise(toFit: needed)
            if maxConnections > 0, limit < needed {
                logger.warning("the open-file limit is below what --max-connections needs; connections past it are answered 503",
                               ["limit": "\(limit)", "needed": "\(needed)", "fix": "raise the hard limit (ulimit -Hn, systemd LimitNOFILE=)"])
            }
        } catch {
            logger.failure("raising the open-file limit failed", error, level: .warning)
        }
    }

    /// Stops webhook delivery, the hub and the attachment keeper, which join threads: on a thread
    /// of their own, never on Swift's pool.
    private func stopWorkers() async {
        let (hub, attachmentStorage, webhookDeliverer) = (self.hub, self.attachmentStorage, self.webhookDeliverer)
        let stop: @Sendable () -> Void = {
            webhookDeliverer.stop()
            hub.stop()
            attachmentStorage.stop()
        }
        do {
            try await PlatformThread.run(name: "webchat-hub-stop", stop)
        } catch {
            logger.failure("no thread to stop the hub on; stopping it on this one", error, level: .warning)
            stop()
        }
    }

    /// Stops accepting, finishes requests in flight (up to the grace period), then closes the
    /// store after its queued writes committed.
    public func stop(gracePeriodMilliseconds: UInt64 = 8_000) async {
        refresher.cancel()
        backfill.cancel()
        await backfill.value
        await http.stop(gracePeriodMilliseconds: gracePeriodMilliseconds)
        await stopWorkers()
        await store.close()
        // Group commit at work: under load, commits stay far below the writes they carried.
        let statistics = store.statistics
        logger.info("stopped", ["commits": "\(statistics.commits)", "writes": "\(statistics.committedWrites)",
                                "failed_writes": "\(statistics.failedWrites)"])
    }
}
