/// An accessible data table: a caption, column headers with `scope="col"`, the first cell of each
/// row a header with `scope="row"`, numeric columns right-aligned. Used for every table a report
/// shows, including the table beside each chart.
public struct DataTable: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var numeric: Bool
        public init(_ title: String, numeric: Bool = false) { self.title = title; self.numeric = numeric }
    }

    public struct Row: Sendable {
        public var cells: [HTML]
        /// A class on the `<tr>`, e.g. `unmet` to highlight the row.
        public var cssClass: String?
        /// A class on each cell, by column (e.g. `better` on one difference); missing or nil for none.
        public var cellClasses: [String?]
        public init(_ cells: [HTML], cssClass: String? = nil, cellClasses: [String?] = []) {
            self.cells = cells; self.cssClass = cssClass; self.cellClasses = cellClasses
        }
        public init(texts: [String], cssClass: String? = nil) { self.init(texts.map { HTML.text($0) }, cssClass: cssClass) }
    }

    public var caption: String
    public var columns: [Column]
    public var rows: [Row]
    /// Rows under the body, such as totals.
    public var footer: [Row]
    public var cssClass: String?

    public init(caption: String, columns: [Column], rows: [Row], footer: [Row] = [], cssClass: String? = nil) {
        self.caption = caption; self.columns = columns; self.rows = rows; self.footer = footer; self.cssClass = cssClass
    }

    public var html: HTML {
        HTML.el("table", ["class": cssClass]) {
            HTML.el("caption", text: caption)
            HTML.el("thead") {
                HTML.el("tr") {
                    for c in columns { HTML.el("th", ["scope": "col", "class": c.numeric ? "num" : nil], text: c.title) }
                }
            }
            HTML.el("tbody") { rows.map(row) }
            if !footer.isEmpty { HTML.el("tfoot") { footer.map(row) } }
        }
    }

    private func row(_ r: Row) -> HTML {
        HTML.el("tr", ["class": r.cssClass]) {
            for (i, cell) in r.cells.enumerated() {
                let classes = [i < columns.count && columns[i].numeric ? "num" : nil, i < r.cellClasses.count ? r.cellClasses[i] : nil].compactMap { $0 }
                let cls = classes.isEmpty ? nil : classes.joined(separator: " ")
                if i == 0 { HTML.el("th", ["scope": "row", "class": cls]) { cell } } else { HTML.el("td", ["class": cls]) { cell } }
            }
        }
    }
}
