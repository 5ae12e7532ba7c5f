/// Latencies in nanoseconds, counted in log-linear buckets: recording is one array increment, so
/// each connection keeps its own histogram on its hot path, and the histograms are merged at the
/// end instead of sorting millions of samples.
///
/// Values below 256 have a bucket each. Above, every power of two is cut into 128 equal buckets,
/// so a bucket is at most 1/128 of its lower bound wide; a percentile is answered with the
/// bucket's midpoint, hence within `relativeError` (1/256, about 0.4%) of the exact sample.
public struct LatencyHistogram: Sendable {
    /// The most a reported percentile differs from the exact one, relative to it.
    public static let relativeError = 1.0 / 256

    private static let exactLimit: UInt64 = 256
    private static let subBuckets = 128
    private static let subBucketBits = 7
    /// 256 exact buckets, then 128 per power of two from 2^8 to 2^63.
    private static let bucketCount = Int(exactLimit) + 56 * subBuckets

    private var counts = [UInt64](repeating: 0, count: bucketCount)
    public private(set) var count: UInt64 = 0
    /// The largest value recorded, exactly (0 when empty).
    public private(set) var maximum: UInt64 = 0
    /// The smallest value recorded, exactly (`UInt64.max` when empty).
    public private(set) var minimum: UInt64 = .max

    public init() {}

    public mutating func record(_ value: UInt64) {
        counts[Self.bucket(of: value)] &+= 1
        count &+= 1
        if value > maximum { maximum = value }
        if value < minimum { minimum = value }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices where other.counts[index] != 0 {
            counts[index] &+= other.counts[index]
        }
        count &+= other.count
        maximum = max(maximum, other.maximum)
        minimum = min(minimum, other.minimum)
    }

    /// The value below which `percent` of the samples lie (nearest rank: the sample at rank
    /// ⌈percent/100 × count⌉), within `relativeError`; 0 when nothing was recorded.
    public func value(atPercentile percent: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Self.rank(ofPercentile: percent, count: count)
        guard rank < count else { return maximum }
        var seen: UInt64 = 0
        for index in counts.indices {
            seen &+= counts[index]
            if seen >= rank { return min(max(Self.midpoint(ofBucket: index), minimum), maximum) }
        }
        return maximum
    }

    /// The nearest rank of `percent` among `count` samples, from 1 to `count`.
    public static func rank(ofPercentile percent: Double, count: UInt64) -> UInt64 {
        let exact = (min(max(percent, 0), 100) / 100 * Double(count)).rounded(.up)
        return min(max(UInt64(exact), 1), count)
    }

    static func bucket(of value: UInt64) -> Int {
        guard value >= exactLimit else { return Int(value) }
        let shift = (63 - value.leadingZeroBitCount) - subBucketBits
        let subBucket = Int(value >> UInt64(shift)) - subBuckets
        return Int(exactLimit) + (shift - 1) * subBuckets + subBucket
    }

    static func midpoint(ofBucket index: Int) -> UInt64 {
        guard index >= Int(exactLimit) else { return UInt64(index) }
        let offset = index - Int(exactLimit)
        let shift = UInt64(offset / subBuckets + 1)
        let lower = UInt64(offset % subBuckets + subBuckets) << shift
        return lower + ((1 << shift) - 1) / 2
    }
}
