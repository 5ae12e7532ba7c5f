import Media
import Testing

@Suite struct MediaTypeTests {
    @Test func typeSubtypeAndParameterNamesAreLowercasedValuesKept() throws {
        let type = try #require(MediaType("Text/PLAIN ; Charset=UTF-8;format=Flowed"))
        #expect(type.essence == "text/plain")
        #expect(type.parameters.map { "\($0.name)=\($0.value)" } == ["charset=UTF-8", "format=Flowed"])
    }

    @Test func quotedStringsAreUnquoted() throws {
        let type = try #require(MediaType(#"application/pdf; name="a \"b\"; c\\d"; x=1"#))
        #expect(type.parameters.map { "\($0.name)=\($0.value)" } == [#"name=a "b"; c\d"#, "x=1"])
    }

    @Test func emptyParametersAndSurroundingWhitespaceAreAllowed() {
        #expect(MediaType("\t image/gif;; ;\t")?.essence == "image/gif")
        #expect(MediaType("image/gif;")?.parameters == [])
    }

    @Test func malformedValuesAreRefused() {
        for text in ["", "image", "image/", "/gif", "image/gif/x", "image / gif", "image/gif x", "image/gif; a", "image/gif; a=",
                     "image/gif; =b", "image/gif; a = b", #"image/gif; a="b"#, "image/gif; a=\"\u{1}\"", "image/gif; a=b c",
                     "image/gif, image/png", "imáge/gif"] {
            #expect(MediaType(text) == nil, "\(text)")
        }
    }
}
