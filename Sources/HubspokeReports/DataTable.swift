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
        public init(_ cells: [HTML], cssClass: String? = nil) { self.cells = cells; self.cssClass = cssClass }
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
                let numeric = i < columns.count && columns[i].numeric ? "num" : nil
                if i == 0 { HTML.el("th", ["scope": "row", "class": numeric]) { cell } } else { HTML.el("td", ["class": numeric]) { cell } }
            }
        }
    }
}
