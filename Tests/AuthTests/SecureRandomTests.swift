import Auth
import Testing

@Suite struct SecureRandomTests {
    @Test func returnsTheRequestedCount() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1).count == 1)
        #expect(SecureRandom.bytes(1000).count == 1000)
    }

    @Test func successiveOutputsDiffer() {
        // 32 random bytes repeat with probability 2^-256; equal outputs mean no randomness.
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func outputIsNotConstant() {
        // The chance that 1000 random bytes miss more than half of the 256 values is negligible;
        // a buffer left zeroed or filled with one byte fails.
        #expect(Set(SecureRandom.bytes(1000)).count > 128)
    }
}
