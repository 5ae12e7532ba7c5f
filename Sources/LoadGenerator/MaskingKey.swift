/// RFC 6455 §5.3: every client frame is masked with a new key that the network cannot predict.
/// The system generator reads the kernel's CSPRNG.
enum MaskingKey {
    static func fresh() -> UInt32 {
        var random = SystemRandomNumberGenerator()
        return random.next()
    }
}
