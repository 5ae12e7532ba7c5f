import Logging
import Threads
import CPlatform
import EventLoop
import Glibc

/// `webchat serve`: runs until SIGINT or SIGTERM, then stops cleanly and exits 0.
enum ServeCommand {
    static let help = """
        Usage: webchat serve [options]

        Runs the API and the static files of the public directory in one process. Prints one line with the URL once it accepts connections; stops cleanly on
        SIGINT or SIGTERM. A flag wins over its environment variable.

        Options:
          --host HOST        Address to listen on (default 127.0.0.1; env WEBCHAT_HOST)
          --port PORT        Port to listen on, 0 for any free port (default 8080; env WEBCHAT_PORT)
        \(StoreLocation.help)
          --public-dir DIR   Static files to serve (default ./Public; env WEBCHAT_PUBLIC_DIR)
          --log-level LEVEL  debug, info, warning or error (default info; env WEBCHAT_LOG_LEVEL)
          --durability MODE  normal (survives a crash of the process) or full (survives power loss)
                             (default normal; env WEBCHAT_DURABILITY)
          --write-rate N     Writes per second per visitor or agent, bursts of 3×N; 0 for no limit
                             (default 10; env WEBCHAT_WRITE_RATE)
          --website-write-rate N  Writes per second of a website's bot and admin tokens together,
                             bursts of 2×N; 0 for no limit (default 1000; env WEBCHAT_WEBSITE_WRITE_RATE)
          --session-rate N   Widget sessions per minute per client address, bursts of 2×N; 0 for no
                             limit (default 10; env WEBCHAT_SESSION_RATE)
          --hello-rate N     WebSocket hellos per second per principal, bursts of 10×N; a client
                             address gets 10×N, bursts of 100×N (default 1; env WEBCHAT_HELLO_RATE)
          --poll-rate N      Polls per second per principal, bursts of 10×N; a client address gets
                             10×N, bursts of 100×N (default 2; env WEBCHAT_POLL_RATE)
          --typing-rate N    Typing events per second per principal, bursts of 5×N (default 2;
                             env WEBCHAT_TYPING_RATE)
          --command-rate N   Messages per second one WebSocket may send, bursts of 10×N; past it
                             the connection is closed 4429 (default 20; env WEBCHAT_COMMAND_RATE);
                             0 turns any of these four off
          --max-connections N             Open connections in all; more are answered 503
                                          (default 50000, 0 for no limit; env WEBCHAT_MAX_CONNECTIONS)
          --max-connections-per-address N  Open connections from one client address; more are
                                          answered 503 (default 1000, 0 for no limit; behind a proxy,
                                          lift it; env WEBCHAT_MAX_CONNECTIONS_PER_ADDRESS)
          --max-token-lifetime SECONDS    Longest a token is honoured after its iat (or after it is
                                          first seen, without iat), whatever its exp says; a WebSocket
                                          closes then (default 2592000 = 30 days; env
                                          WEBCHAT_MAX_TOKEN_LIFETIME)
          --max-attachment-bytes N        Largest attachment any website accepts; larger uploads
                                          are answered 413 before they are read (default 26214400
                                          = 25 MiB; env WEBCHAT_MAX_ATTACHMENT_BYTES)
          --webhook-allow-http     Webhook URLs may be http, not only https (env WEBCHAT_WEBHOOK_ALLOW_HTTP=1)
          --webhook-allow-private  Webhook URLs may lead to loopback, private, link-local or multicast
                                   addresses (env WEBCHAT_WEBHOOK_ALLOW_PRIVATE=1); for receivers on
                                   your own network only
          --webhook-ca-file FILE   PEM certificates trusted for webhook receivers besides the
                                   system's CAs (env WEBCHAT_WEBHOOK_CA_FILE)
          --demo             A demo website, and the widget next to an agent sidebar on the page at /
                             (env WEBCHAT_DEMO=1); it gives anyone an agent token of that website

        The operator key comes from WEBCHAT_OPERATOR_KEY, or is generated on first start into
        DIR/operator.key (mode 0600).
        """

    static func run(_ rawArguments: [String], environment: [String: String]) async throws -> Int32 {
        let arguments = try Arguments(rawArguments, known: ServeConfiguration.optionNames, flags: ServeConfiguration.flagNames)
        if arguments.wantsHelp {
            print(help)
            return 0
        }
        guard arguments.positionals.isEmpty else { throw UsageError("serve takes no arguments.") }
        let configuration = try ServeConfiguration(arguments, environment: environment)
        let stopSignals = cplatform_stop_signal_pipe()
        guard stopSignals >= 0 else { throw StartupError("Cannot install signal handlers.") }
        let server = try await WebChatServer.start(configuration)
        StandardStreams.writeLine("WebChatKit listening on \(server.url)")
        do {
            try await waitForStopSignal(stopSignals)
        } catch {
            // Without a thread to wait on, the signals cannot be heard: stop now rather than
            // run a server that ignores SIGTERM.
            server.logger.failure("cannot wait for SIGINT/SIGTERM; stopping", error)
        }
        server.logger.info("stopping: finishing requests in flight")
        await server.stop()
        return 0
    }

    /// Blocks a thread of its own (not one of Swift's few pool threads) until a signal arrives.
    private static func waitForStopSignal(_ fd: Int32) async throws {
        try await PlatformThread.run(name: "webchat-signals") {
            var byte: UInt8 = 0
            while read(fd, &byte, 1) < 0 && errno == EINTR {}
        }
    }
}
