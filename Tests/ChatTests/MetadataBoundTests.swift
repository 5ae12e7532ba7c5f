@testable import Chat
import Filters
import JSON
import Testing

/// Metadata is bounded in index rows as well as in bytes (issue 13): 16 KiB as an array of small
/// numbers made about 8,150 index rows, each a write of the single writer.
@Suite struct MetadataBoundTests {
    /// The attack of the issue: as many one-digit numbers as 16 KiB holds.
    static let packedArray: JSONObject = ["a": .array(Array(repeating: .int(1), count: 8_180))]

    @Test func sixteenKilobytesOfArrayIsRefusedNamingMetadata() throws {
        #expect(JSONValue.object(Self.packedArray).encoded().count <= 16 * 1024, "within the byte limit: only the row cap refuses it")
        #expect(MetadataIndex.rowCount(of: Self.packedArray) == MetadataIndex.maxRowsPerChat + 1, "counting stops after the cap")
        #expect(performing: { _ = try NewChat(body: ["metadata": .object(Self.packedArray)]) }, throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.field == "metadata" && error.message.contains("more than 256 values")
        })
        #expect(performing: { _ = try ChatChanges(body: ["metadata": .object(Self.packedArray)]) }, throws: { error in
            (error as? ValidationError)?.field == "metadata"
        })
    }

    @Test func theCapCountsEveryReachableValueAndEveryElement() throws {
        // "a" itself, then 255 elements: 256 rows.
        let atCap: JSONObject = ["a": .array(Array(repeating: .int(1), count: 255))]
        #expect(MetadataIndex.rowCount(of: atCap) == 256)
        #expect(try NewChat(body: ["metadata": .object(atCap)]).metadata == atCap)
        let over: JSONObject = ["a": .array(Array(repeating: .int(1), count: 255)), "b": true]
        #expect(throws: ValidationError.self) { try NewChat(body: ["metadata": .object(over)]) }
        let nested: JSONObject = ["o": .object(JSONObject((0..<128).map { (key: "k\($0)", value: JSONValue.object(["v": .int($0)])) }))]
        #expect(MetadataIndex.rowCount(of: nested) == 257, "objects count as values too")
    }

    /// Keys no filter can name are stored and never indexed, so bulk data fits under one.
    @Test func bulkDataUnderAnUnnameableKeyIsStoredNotIndexed() throws {
        let bulk: JSONObject = ["_raw": .array(Array(repeating: .int(1), count: 8_000)), "project_id": 7]
        #expect(MetadataIndex.rowCount(of: bulk) == 1)
        #expect(try NewChat(body: ["metadata": .object(bulk)]).metadata == bulk)
    }

    /// A merge is checked as a whole: two halves under the cap may not add up to more.
    @Test func aMergeThatWouldPassTheCapIsRefused() throws {
        let half = JSONObject((0..<200).map { (key: "k\($0)", value: JSONValue.int($0)) })
        let changes = try ChatChanges(body: ["metadata_merge": ["x": .array(Array(repeating: .int(1), count: 100))]])
        #expect(performing: { _ = try changes.newMetadata(from: half) }, throws: { error in
            (error as? ValidationError)?.field == "metadata_merge"
        })
    }
}
