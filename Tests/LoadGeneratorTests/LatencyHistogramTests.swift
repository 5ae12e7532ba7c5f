import Glibc
@testable import LoadGenerator
import Testing
import TestSupport

@Suite("Latency histogram")
struct LatencyHistogramTests {
    static let percents: [Double] = [0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]

    /// The exact nearest-rank percentile of sorted samples, by the histogram's own rank rule.
    func exact(_ sorted: [UInt64], _ percent: Double) -> UInt64 {
        sorted[Int(LatencyHistogram.rank(ofPercentile: percent, count: UInt64(sorted.count))) - 1]
    }

    func expectWithinBound(_ samples: [UInt64], _ label: String) {
        var histogram = LatencyHistogram()
        samples.forEach { histogram.record($0) }
        let sorted = samples.sorted()
        #expect(histogram.count == UInt64(samples.count))
        #expect(histogram.maximum == sorted.last)
        #expect(histogram.minimum == sorted.first)
        for percent in Self.percents {
            let expected = Double(exact(sorted, percent))
            let reported = Double(histogram.value(atPercentile: percent))
            #expect(abs(reported - expected) <= expected * LatencyHistogram.relativeError, "\(label) p\(percent): \(reported) vs \(expected)")
        }
    }

    @Test func uniformLatenciesAreWithinTheBound() {
        var random = SplitMix64(seed: 7)
        expectWithinBound((0..<200_000).map { _ in UInt64.random(in: 1_000...100_000_000, using: &random) }, "uniform")
    }

    @Test func heavyTailedLatenciesAreWithinTheBound() {
        // Log-uniform over six decades: most samples small, a long tail, as real latencies are.
        var random = SplitMix64(seed: 11)
        let samples = (0..<200_000).map { _ in UInt64(pow(10, Double.random(in: 3..<9, using: &random))) }
        expectWithinBound(samples, "log-uniform")
    }

    @Test func smallValuesAreExact() {
        var histogram = LatencyHistogram()
        (0..<256).forEach { histogram.record(UInt64($0)) }
        #expect(histogram.value(atPercentile: 50) == 127)
        #expect(histogram.value(atPercentile: 100) == 255)
        #expect(histogram.value(atPercentile: 0) == 0)
    }

    @Test func extremesStayInsideWhatWasRecorded() {
        var histogram = LatencyHistogram()
        histogram.record(.max)
        histogram.record(1_000_003)
        #expect(histogram.value(atPercentile: 100) == .max)
        #expect(histogram.value(atPercentile: 50) >= 1_000_003)
        #expect(Double(histogram.value(atPercentile: 50)) <= 1_000_003 * (1 + LatencyHistogram.relativeError))
    }

    @Test func anEmptyHistogramAnswersZero() {
        let histogram = LatencyHistogram()
        #expect(histogram.count == 0)
        #expect(histogram.value(atPercentile: 99) == 0)
    }

    @Test func mergingEqualsRecordingEverythingInOne() {
        var random = SplitMix64(seed: 3)
        let samples = (0..<50_000).map { _ in UInt64.random(in: 0...5_000_000_000, using: &random) }
        var whole = LatencyHistogram()
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for (index, sample) in samples.enumerated() {
            whole.record(sample)
            if index % 3 == 0 { first.record(sample) } else { second.record(sample) }
        }
        first.merge(second)
        #expect(first.count == whole.count)
        #expect(first.maximum == whole.maximum)
        #expect(first.minimum == whole.minimum)
        for percent in Self.percents {
            #expect(first.value(atPercentile: percent) == whole.value(atPercentile: percent))
        }
    }

    @Test func everyBucketsMidpointFallsInThatBucketWithinTheBound() {
        var random = SplitMix64(seed: 5)
        var values: [UInt64] = [0, 255, 256, 257, 511, 512, .max, .max - 1, 1 << 63]
        values += (0..<100_000).map { _ in random.next() >> (random.next() % 64) }
        for value in values {
            let bucket = LatencyHistogram.bucket(of: value)
            let midpoint = LatencyHistogram.midpoint(ofBucket: bucket)
            #expect(LatencyHistogram.bucket(of: midpoint) == bucket, "\(value)")
            #expect(Double(max(value, midpoint) - min(value, midpoint)) <= Double(value) * LatencyHistogram.relativeError, "\(value)")
        }
    }
}
