import Foundation
import Testing
@testable import HubspokeReports

@Suite struct PublicationTests {
    let fm = FileManager.default

    func contents(_ dir: URL) throws -> [String: String] {
        try fm.contentsOfDirectory(atPath: dir.path).reduce(into: [:]) { d, name in
            var isDir: ObjCBool = false
            let path = dir.appendingPathComponent(name).path
            if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { d[name] = try String(contentsOfFile: path, encoding: .utf8) }
        }
    }

    @Test func writesEveryFileAndCreatesTheFolder() throws {
        let dir = temporaryFolder().appendingPathComponent("calendars")
        try Publication.write([PublishedFile(name: "a.ics", contents: "A"), PublishedFile(name: "b.ics", contents: "B")], into: dir.path)
        #expect(try contents(dir) == ["a.ics": "A", "b.ics": "B"])
        try Publication.write([PublishedFile(name: "a.ics", contents: "A2")], into: dir.path)
        #expect(try contents(dir) == ["a.ics": "A2", "b.ics": "B"])
    }

    /// A file that cannot be replaced (a folder of that name is in the way) fails the whole
    /// publication: files already renamed are put back, new ones removed, no temporary left.
    @Test func aFailureLeavesTheFolderAsItWas() throws {
        let dir = temporaryFolder()
        try Publication.write([PublishedFile(name: "a.ics", contents: "old A"), PublishedFile(name: "b.ics", contents: "old B")], into: dir.path)
        try fm.createDirectory(at: dir.appendingPathComponent("c.ics"), withIntermediateDirectories: false)
        try "x".write(to: dir.appendingPathComponent("c.ics/inside"), atomically: false, encoding: .utf8)
        #expect(throws: PublishError.self) {
            try Publication.write([PublishedFile(name: "a.ics", contents: "new A"), PublishedFile(name: "new.ics", contents: "N"),
                                   PublishedFile(name: "c.ics", contents: "C"), PublishedFile(name: "b.ics", contents: "new B")], into: dir.path)
        }
        #expect(try contents(dir) == ["a.ics": "old A", "b.ics": "old B"])
        #expect(try fm.contentsOfDirectory(atPath: dir.path).sorted() == ["a.ics", "b.ics", "c.ics"])
    }

    @Test func aMissingParentOrAFileInTheWayIsAClearError() throws {
        let dir = temporaryFolder()
        let missing = dir.appendingPathComponent("no/such/folder").path
        #expect { try Publication.write([PublishedFile(name: "a.ics", contents: "A")], into: missing) } throws: { e in
            "\(e)".contains("does not exist")
        }
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("no").path))
        let file = dir.appendingPathComponent("plain")
        try "x".write(to: file, atomically: false, encoding: .utf8)
        #expect { try Publication.write([PublishedFile(name: "a.ics", contents: "A")], into: file.path) } throws: { e in
            "\(e)".contains("not a folder")
        }
        // A folder the publication created is removed again when it fails.
        let fresh = dir.appendingPathComponent("fresh")
        #expect(throws: PublishError.self) {
            try Publication.write([PublishedFile(name: "a.ics", contents: "A"), PublishedFile(name: "A.ics", contents: "B")], into: fresh.path)
        }
        #expect(!fm.fileExists(atPath: fresh.path))
    }
}
