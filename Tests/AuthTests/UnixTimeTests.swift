import Auth
import Testing

@Suite struct UnixTimeTests {
    @Test func isInSecondsSinceTheEpoch() {
        let now = currentUnixTime()
        // Between 2024-01-01 and 2100-01-01: catches milliseconds or a zeroed clock.
        #expect(now > 1_704_067_200)
        #expect(now < 4_102_444_800)
    }
}
