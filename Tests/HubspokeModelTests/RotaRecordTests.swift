import Foundation
import HubspokeModel
import HubspokeSupport
import Testing

/// The one reader of rota files that `check` and `--previous` share.
@Suite struct RotaRecordTests {
    static let csv = """
        week,date,day,half,start,end,post,role,site,site_name,note
        1,2026-11-30,mon,AM,09:00,12:30,EP-1,EP,PRU-DART,Dartford,
        '1,2026-11-30,mon,PM,13:30,17:00,EP-1,EP,HUB,Hub,write-up
           ,  ,  ,  ,  ,  ,  ,  ,  ,  ,
        1,2026-12-01,tue,,,,,,PRU-DART,Dartford,closed: staff training

        """
    static let json = """
        {"assignments": [{"week": 1, "date": "2026-11-30", "day": "mon", "half": "AM", "post": "EP-1", "role": "EP", "site": "PRU-DART"}],
         "protected": [{"week": 1, "date": "2026-11-30", "day": "mon", "half": "PM", "post": "EP-1", "role": "EP", "site": "HUB",
                        "commitment": "write-up", "kind": "flexible"}]}
        """

    func read(_ text: String, required: [String] = ["week", "post"]) throws(InputError) -> [RotaRecord] {
        try RotaRecord.read(Data(text.utf8), text: text, path: "r", required: required, hint: "a rota")
    }

    @Test func csvAndJSONGiveTheSameRecords() throws {
        let fromCSV = try read(Self.csv), fromJSON = try read(Self.json)
        let columns = ["week", "date", "day", "half", "post", "role", "site", "note"]
        #expect(fromCSV.count == 2, "the blank row and the closed day are skipped")
        #expect(fromCSV.map { r in columns.map { r.value($0) } } == fromJSON.map { r in columns.map { r.value($0) } })
        #expect(fromCSV.map(\.isProtected) == [false, true] && fromJSON.map(\.isProtected) == [false, true])
        #expect(fromCSV.map(\.line) == [2, 3] && fromJSON.map(\.field) == ["assignments[0]", "protected[0]"])
        #expect(fromCSV[1].value("week") == "1", "a spreadsheet's leading apostrophe is removed")
    }

    @Test func aMissingColumnNamesItAndTheHint() {
        #expect {
            _ = try read("week,post\n1,EP-1\n", required: ["week", "post", "site"])
        } throws: { e in
            (e as? InputError)?.description == "r:1: site: missing column(s): a rota"
        }
        #expect(throws: InputError.self) { _ = try read("") }
    }
}
