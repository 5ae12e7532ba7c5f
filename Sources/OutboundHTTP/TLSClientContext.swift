import CTLS

/// The TLS settings every outbound connection shares (libssl's `SSL_CTX`): TLS 1.2 or newer,
/// the peer's certificate verified against the system's trusted CAs and, when the operator gives
/// one, an extra CA file (`--webhook-ca-file`). Hostnames are checked per connection.
///
/// `@unchecked Sendable`: an `SSL_CTX` is safe to share between threads once configured, which
/// happens in `init` only; each connection makes its own `SSL` from it.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    public init(extraCAFile: String? = nil) throws(OutboundError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .tls("SSL_CTX_new failed") }
        self.context = context
        guard ctls_set_min_tls12(context) == 1 else { throw .tls("cannot require TLS 1.2") }
        ctls_ignore_unexpected_eof(context)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        guard SSL_CTX_set_default_verify_paths(context) == 1 else { throw .tls("the system's CA store cannot be loaded") }
        if let extraCAFile {
            guard SSL_CTX_load_verify_locations(context, extraCAFile, nil) == 1 else {
                throw .tls("the CA file \(extraCAFile) cannot be loaded: \(Self.lastError())")
            }
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// The newest error on this thread's libssl queue, as text, and clears the queue.
    static func lastError() -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return "unknown error" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
