/// An input for a stream parser together with where to cut it, both chosen by the fuzzer, so that
/// it can search for a split that changes an outcome.
///
/// Layout: one flags byte whose low six bits give `n`, then `n` cut bytes, then the stream. Chunk
/// `i` holds `1 + cut[i % n]` bytes; with `n == 0` every chunk is one byte, the harshest split.
/// Bit 6 of the flags is left to the target (it picks production limits over small ones).
struct ChunkedStream {
    let usesProductionLimits: Bool
    let stream: ArraySlice<UInt8>
    private let cuts: ArraySlice<UInt8>

    init(_ input: [UInt8]) {
        let flags = input.first ?? 0
        let cutCount = min(Int(flags & 0x3F), max(0, input.count - 1))
        usesProductionLimits = flags & 0x40 != 0
        cuts = input.dropFirst().prefix(cutCount)
        stream = input.dropFirst(1 + cutCount)
    }

    /// The stream cut at the chosen points.
    var chunks: [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var start = stream.startIndex
        while start < stream.endIndex {
            let length = cuts.isEmpty ? 1 : 1 + Int(cuts[cuts.startIndex + chunks.count % cuts.count])
            let end = min(start + length, stream.endIndex)
            chunks.append(stream[start..<end])
            start = end
        }
        return chunks
    }
}
