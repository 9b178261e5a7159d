import Foundation
import Testing
import HubspokeSupport
import HubspokeSimulation
@testable import HubspokeReports

/// The report's national return and equity sections.
@Suite struct SimulationReturnHTMLTests {
    @Test func returnBesideTheNationalDataset() throws {
        let report = try SmallSimulation.report
        let html = report.html(scenario: try SmallSimulation.scenario)
        let section = try #require(slice(html, from: "<section class=\"page\" id=\"return\"", to: "</section>"))
        // Every quarter, with the national referrals per vanguard as a second series.
        for q in report.returnQuarters {
            #expect(section.contains(">\(q.label)<"), "\(q.label)")
            if let n = q.nationalPerVanguard { #expect(section.contains(NumberFormat.page(decimals: 1)(n)), "\(q.label) national") }
        }
        #expect(section.contains("national ÷ 12"))
        // Every assumed mix says so.
        for m in report.referralMix where m.assumed { #expect(section.contains("\(m.label): ASSUMPTION, not data:")) }
        #expect(occurrences("<table class=\"national-return\">", in: section) == ReferralAttribute.all.count)
        // A partial first quarter says how many of its days were measured.
        let first = try #require(report.returnQuarters.first)
        #expect(first.measuredDays < first.days && section.contains("\(first.measuredDays) of \(first.days) (partial)"))
    }

    @Test func equityFlagsAndPairedDifferences() throws {
        let report = try SmallSimulation.report
        let html = report.html(scenario: try SmallSimulation.scenario)
        let section = try #require(slice(html, from: "<section class=\"page\" id=\"equity\"", to: "</section>"))
        // One paired-difference table per dimension, the second policy against the first.
        #expect(occurrences("<table class=\"equity-differences\">", in: section) == 3)
        #expect(section.contains("proportional − greedy"))
        // Each flagged group of the first policy is highlighted in its chart.
        let flagged = try #require(report.policies.first).equity.filter(\.waitDiffers)
        #expect(occurrences("the interval excludes the service-wide mean", in: section) == flagged.count)
        #expect(section.contains("service-wide mean"))
    }
}
