/// Runs `body` over the bytes of `collection` in one contiguous buffer, copying only when the
/// collection does not already store its bytes contiguously (arrays, native string views and
/// slices of them never copy).
@inline(__always)
func withContiguousBytes<Bytes: Collection<UInt8>, Result>(
    _ collection: Bytes,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
) -> Result {
    if let result = collection.withContiguousStorageIfAvailable(body) {
        return result
    }
    return Array(collection).withUnsafeBufferPointer(body)
}
