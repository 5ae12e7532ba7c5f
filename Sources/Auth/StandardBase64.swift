/// Base64 with the standard alphabet and padding (RFC 4648 §4), the encoding of webhook secrets
/// and signatures (Standard Webhooks). It is `Base64URL` with two letters swapped and padding
/// added, so it reuses that codec and its canonical-only decoding.
public enum StandardBase64 {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text = Array(Base64URL.encode(bytes).utf8)
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "-"): text[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): text[index] = UInt8(ascii: "/")
            default: break
            }
        }
        while text.count % 4 != 0 { text.append(UInt8(ascii: "=")) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes canonical padded base64; nil for anything else (the URL-safe letters, missing or
    /// misplaced padding, whitespace).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var bytes = Array(text.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var padding = 0
        while padding < 2, bytes.last == UInt8(ascii: "=") {
            bytes.removeLast()
            padding += 1
        }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil
            default: break
            }
        }
        return bytes.withUnsafeBufferPointer { Base64URL.decode(bytes: $0) }
    }
}
