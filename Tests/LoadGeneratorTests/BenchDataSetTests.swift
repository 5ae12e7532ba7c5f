import JSON
@testable import LoadGenerator
import Testing

@Suite("Benchmark data set")
struct BenchDataSetTests {
    func chats(_ count: Int, projects: Int, seed: UInt64) -> [JSONObject] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in BenchDataSet.metadata(projects: projects, using: &random) }
    }

    @Test func theSameSeedWritesTheSameMetadata() {
        #expect(chats(500, projects: 100, seed: 42) == chats(500, projects: 100, seed: 42))
        #expect(chats(500, projects: 100, seed: 42) != chats(500, projects: 100, seed: 43))
    }

    @Test func everyValueIsInItsDomainAndEveryDomainIsCovered() throws {
        var projects = Set<Int>()
        var tagCounts = Set<Int>()
        var teams = Set<String>()
        for metadata in chats(5000, projects: 7, seed: 1) {
            #expect(metadata.keys == ["project_id", "owner", "tags", "score", "plan", "region"])
            let project = try #require(metadata["project_id"]?.intValue)
            #expect((1...7).contains(project))
            projects.insert(project)
            let team = try #require(metadata["owner"]?["team"]?.stringValue)
            #expect(BenchDataSet.teams.contains(team))
            teams.insert(team)
            let owner = try #require(metadata["owner"]?["id"]?.stringValue)
            #expect(owner.hasPrefix("u") && Int(owner.dropFirst()).map(BenchDataSet.owners.contains) == true)
            let tags = try #require(metadata["tags"]?.arrayValue).compactMap(\.stringValue)
            #expect(Set(tags).count == tags.count && tags.allSatisfy(BenchDataSet.tags.contains))
            tagCounts.insert(tags.count)
            #expect(BenchDataSet.scores.contains(try #require(metadata["score"]?.intValue)))
            #expect(["free", "pro", "enterprise"].contains(try #require(metadata["plan"]?.stringValue)))
            #expect(BenchDataSet.regions.contains(try #require(metadata["region"]?.stringValue)))
        }
        #expect(projects == Set(1...7))
        #expect(tagCounts == [0, 1, 2, 3])
        #expect(teams.count == BenchDataSet.teams.count)
    }

    @Test func titlesAreShortAndVaried() {
        var random = SplitMix64(seed: 9)
        let titles = (0..<200).map { _ in BenchDataSet.title(using: &random) }
        #expect(titles.allSatisfy { !$0.isEmpty && $0.count <= 200 })
        #expect(Set(titles).count > 150)
    }
}
