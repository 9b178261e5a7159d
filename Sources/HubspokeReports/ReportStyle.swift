/// The stylesheet every HTML report shares, inlined in each page: readable on screen, and in print
/// each `section.page` starts a new page, so a rota prints one site or one post per page.
public enum ReportStyle {
    public static let css = """
    :root { --ink: #1b1b1b; --muted: #5a5a5a; --line: #c8c8c8; --head: #eef1f5; --accent: #1d4f91;
      --unmet: #fdecea; --unmet-edge: #b3261e; --leave: #fff4d6; --off: #f0f0f0; --series-0: #9aa7b8; --series-1: #1d4f91;
      --series-2: #c05a00; --series-3: #2e7d32; --series-4: #7b3294; --series-5: #00838f; --better: #e6f4ea; --worse: #fdecea; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      color: var(--ink); margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; }
    h1 { font-size: 1.6rem; margin: 0.5rem 0; }
    h2 { font-size: 1.3rem; margin: 1.5rem 0 0.5rem; border-bottom: 2px solid var(--accent); padding-bottom: 0.2rem; }
    h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; }
    p { margin: 0.4rem 0; }
    a { color: var(--accent); }
    .muted, .meta { color: var(--muted); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
      clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    nav ul { columns: 3 14rem; padding-left: 1.2rem; margin: 0.3rem 0; }
    nav h2 { font-size: 1.1rem; }
    table { border-collapse: collapse; margin: 0.4rem 0 1rem; width: 100%; break-inside: avoid; }
    caption { text-align: left; font-weight: 600; padding: 0.2rem 0; caption-side: top; }
    th, td { border: 1px solid var(--line); padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
    thead th { background: var(--head); }
    tbody th { font-weight: 600; background: #fafbfc; }
    tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    table.grid td { width: 18%; height: 3.2rem; }
    table.grid .post, table.grid .site-id { font-weight: 600; display: block; }
    .site-name { font-size: 0.85em; color: var(--muted); display: block; font-weight: normal; }
    table.grid .role { font-size: 0.85em; color: var(--muted); display: block; }
    table.grid .visit + .visit { border-top: 1px dotted var(--line); margin-top: 0.2rem; padding-top: 0.2rem; }
    td.none { color: var(--muted); text-align: center; vertical-align: middle; }
    td.leave { background: var(--leave); }
    td.off { background: var(--off); color: var(--muted); }
    td.closed { background: var(--off); color: var(--muted); font-style: italic; }
    tr.unmet > *, .unmet-note { background: var(--unmet); }
    tr.unmet > th:first-child { box-shadow: inset 4px 0 0 var(--unmet-edge); }
    .unmet-note { border-left: 4px solid var(--unmet-edge); padding: 0.4rem 0.8rem; margin: 0.6rem 0; }
    .unmet-note ul { margin: 0.2rem 0; padding-left: 1.2rem; }
    .status { font-weight: 600; }
    dl.reasons dt { font-weight: 600; }
    dl.reasons dd { margin: 0 0 0.4rem 1.2rem; }
    figure.chart-with-table { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0.6rem 0 1rem; break-inside: avoid; }
    figure.chart-with-table figcaption { flex-basis: 100%; font-weight: 600; }
    figure .chart-box { flex: 3 1 26rem; }
    figure .table-box { flex: 2 1 16rem; }
    svg.chart { width: 100%; height: auto; font-size: 11px; }
    svg.chart .axis line { stroke: var(--line); stroke-width: 1; }
    svg.chart text { fill: var(--ink); }
    svg.chart .value { fill: var(--muted); }
    svg.chart .axis .zero, svg.chart .reference { stroke: var(--ink); stroke-width: 1.2; }
    svg.chart .reference { stroke-dasharray: 4 3; }
    svg.chart .axis-title { fill: var(--muted); }
    .series-0 { fill: var(--series-0); } .series-1 { fill: var(--series-1); }
    .series-2 { fill: var(--series-2); } .series-3 { fill: var(--series-3); }
    .series-4 { fill: var(--series-4); } .series-5 { fill: var(--series-5); }
    .stroke-0 { stroke: var(--series-0); } .stroke-1 { stroke: var(--series-1); }
    .stroke-2 { stroke: var(--series-2); } .stroke-3 { stroke: var(--series-3); }
    .stroke-4 { stroke: var(--series-4); } .stroke-5 { stroke: var(--series-5); }
    svg.chart .line { fill: none; stroke-width: 2.2; stroke-linejoin: round; stroke-linecap: round; }
    svg.chart .line.stroke-2 { stroke-dasharray: 8 4; } svg.chart .line.stroke-3 { stroke-dasharray: 2 3; }
    svg.chart .line.stroke-4 { stroke-dasharray: 10 3 2 3; } svg.chart .line.stroke-5 { stroke-dasharray: 4 2; }
    svg.chart .interval { stroke-width: 2.5; }
    svg.chart .point, svg.chart .marker { stroke: #fff; stroke-width: 1; }
    svg.chart .error-bar { stroke: var(--muted); stroke-width: 1.2; }
    svg.chart .frontier-line { fill: none; stroke: var(--ink); stroke-width: 1.6; }
    svg.chart .frontier-point { fill: var(--ink); stroke: #fff; stroke-width: 1.5; }
    svg.chart .point-label { font-size: 10px; }
    svg.chart .highlight .row-label { font-weight: 700; }
    .better { background: var(--better); } .worse { background: var(--worse); }
    .lede { font-size: 1.05rem; max-width: 60rem; }
    td .ci { display: block; font-size: 0.82em; color: var(--muted); white-space: nowrap; }
    td .verdict { display: block; font-size: 0.82em; font-weight: 600; }
    ul.headlines { padding-left: 1.2rem; } ul.headlines li { margin: 0.15rem 0; }
    .id { white-space: nowrap; } .sub { display: block; font-size: 0.85em; color: var(--muted); font-weight: normal; }
    figure .table-box td.num { white-space: nowrap; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.6rem 0; }
    dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
    @media print {
      @page { size: A4; margin: 12mm; }
      body { font-size: 10.5pt; max-width: none; padding: 0; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      section.page { break-after: page; }
      section.page:last-child { break-after: auto; }
      h2, h3, caption { break-after: avoid; }
      figure.chart-with-table { display: block; }
      figure .chart-box { margin-bottom: 0.4rem; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
