import FuzzTargets
import LoadGenerator
import Testing
import TestSupport

/// The short run of the fuzz targets: every committed corpus file, then a fixed number of seeded
/// mutations of them, through the same check a fuzzing campaign runs. A crash a campaign finds
/// becomes a regression test by saving its input under `Fuzz/Corpus/<target>/`.
@Suite struct CorpusReplayTests {
    static let corpusRoot = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/") + "/Fuzz/Corpus"

    static func corpus(_ target: FuzzTarget) throws -> [(name: String, bytes: [UInt8])] {
        let directory = corpusRoot + "/" + target.rawValue
        return try (directoryEntries(directory) ?? []).map { name in (name, try readFile(directory + "/" + name)) }
    }

    /// The seeds must reach both sides of every target, so that neither the acceptance properties
    /// nor the refusal paths depend on what a fuzzer happens to find.
    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusFileHoldsTheProperties(_ target: FuzzTarget) throws {
        var verdicts: Set<String> = []
        for file in try Self.corpus(target) {
            do {
                verdicts.insert("\(try target.check(file.bytes))")
            } catch {
                Issue.record("\(target.rawValue)/\(file.name): \(error)")
            }
        }
        #expect(verdicts == ["accepted", "refused"], "the \(target.rawValue) corpus needs accepted and refused inputs")
    }

    @Test(arguments: FuzzTarget.allCases)
    func seededMutationsHoldTheProperties(_ target: FuzzTarget) throws {
        let seeds = try Self.corpus(target).map(\.bytes)
        try #require(!seeds.isEmpty)
        var generator = SplitMix64(seed: 0xF0_22ED)
        for round in 0..<200 {
            var input = seeds[Int(generator.next() % UInt64(seeds.count))]
            for _ in 0...(generator.next() % 4) { mutate(&input, &generator) }
            do {
                try target.check(input)
            } catch {
                Issue.record("\(target.rawValue) round \(round), input \(input): \(error)")
            }
        }
    }

    /// One of the edits libFuzzer's mutator makes most: change, insert or erase a byte, or repeat
    /// a slice.
    private func mutate(_ input: inout [UInt8], _ generator: inout SplitMix64) {
        let position = input.isEmpty ? 0 : Int(generator.next() % UInt64(input.count))
        let byte = UInt8(truncatingIfNeeded: generator.next())
        switch generator.next() % 4 {
        case 0 where !input.isEmpty: input[position] = byte
        case 1: input.insert(byte, at: position)
        case 2 where !input.isEmpty: input.remove(at: position)
        default:
            let end = min(input.count, position + Int(generator.next() % 16))
            input.insert(contentsOf: input[position..<end], at: position)
        }
    }
}
