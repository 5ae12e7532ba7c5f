import Chat
import Glibc
import Store

/// `webchat`: the entry point of the executable. Returns the process's exit status.
public enum CommandLineTool {
    public static func run(_ arguments: [String]) async -> Int32 {
        let environment = Environment.current()
        var rest = Array(arguments.dropFirst())
        let command = rest.isEmpty ? "help" : rest.removeFirst()
        do {
            switch command {
            case "serve": return try await ServeCommand.run(rest, environment: environment)
            case "websites": return try await WebsitesCommand.run(rest, environment: environment)
            case "token": return try await TokenCommand.run(rest, environment: environment)
            case "bench": return try await BenchCommand.run(rest, environment: environment)
            case "migrate-to": return try await MigrateToCommand.run(rest, environment: environment)
            case "help", "--help", "-h":
                print(help)
                return 0
            default:
                throw UsageError("Unknown command \(command).")
            }
        } catch let error as UsageError {
            let known = ["serve", "websites", "token", "bench", "migrate-to"].contains(command)
            printError("webchat: \(error.message)\nRun `webchat \(known ? command + " " : "")--help` for usage.")
            return 2
        } catch {
            printError("webchat: \(error)")
            return 1
        }
    }

    static let help = """
        WebChatKit: a multi-tenant webchat server.

        Usage: webchat <command> [options]

        Commands:
          serve       Run the server: the API and the files of Public/.
          websites    Manage websites (tenants): create | list | update | rotate.
          token       Mint a token for testing.
          bench       Seed benchmark data and load a running server: seed | http | realtime.
          migrate-to  Move a SQLite data directory into an empty PostgreSQL database (--database).

        Run `webchat <command> --help` for a command's options.
        """
}

func printError(_ text: String) {
    StandardStreams.writeLine(text, toError: true)
}
