import CZlib

/// Gzip compression at the strongest level, done once per file version rather than per request.
enum Gzip {
    /// The gzip encoding of `input`, or nil if zlib cannot allocate its state.
    static func compress(_ input: [UInt8]) -> [UInt8]? {
        // zlib keeps a pointer back to the stream and checks it on every call, so the stream must
        // not move: it lives on the heap rather than in a Swift variable passed `inout`.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let windowBitsForGzip: Int32 = 31
        let status = deflateInit2_(
            stream, 9, Z_DEFLATED, windowBitsForGzip, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else { return nil }
        defer { deflateEnd(stream) }

        let bound = Int(deflateBound(stream, uLong(input.count)))
        var finished = false
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            input.withUnsafeBufferPointer { source in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(buffer.count)
                // The output buffer holds deflateBound bytes, so one call finishes the stream.
                finished = deflate(stream, Z_FINISH) == Z_STREAM_END
            }
            count = finished ? Int(stream.pointee.total_out) : 0
        }
        return finished ? output : nil
    }
}
