import Foundation

/// Door-to-door travel minutes between every pair of sites, indexed in scenario site order.
public struct TravelMatrix: Sendable, Hashable {
    public private(set) var minutes: [[Int]]
    /// Road kilometres, used for mileage; derived from coordinates or from minutes at the stated speed.
    public private(set) var kilometres: [[Double]]
    /// How the matrix was obtained, for the README and the report.
    public var method: String

    public init(minutes: [[Int]], kilometres: [[Double]], method: String) {
        self.minutes = minutes; self.kilometres = kilometres; self.method = method
    }

    public subscript(_ a: Int, _ b: Int) -> Int { minutes[a][b] }

    /// Minutes and road kilometres of a post's day: from its base to the morning site, on to the
    /// afternoon site, and back to base (a half-day off is skipped).
    public func day(base: Int, am: Int?, pm: Int?) -> (minutes: Int, kilometres: Double) {
        var at = base, mins = 0, km = 0.0
        for stop in [am, pm, base].compactMap({ $0 }) {
            mins += minutes[at][stop]; km += kilometres[at][stop]; at = stop
        }
        return (mins, km)
    }

    public static func miles(_ km: Double) -> Double { km / 1.609344 }
}

/// How to derive travel from coordinates: road km = factor × straight-line km,
/// minutes = road km at `speedKmh`, plus `overheadMinutes` (parking, walking in) between distinct sites.
public struct TravelEstimate: Sendable, Hashable {
    public var roadFactor: Double = 1.3
    public var speedKmh: Double = 60
    public var overheadMinutes: Double = 5
    public init() {}

    public func minutes(roadKm: Double) -> Int { Int((roadKm / speedKmh * 60 + overheadMinutes).rounded()) }

    public func matrix(for sites: [Site]) -> TravelMatrix? {
        var mins = Array(repeating: Array(repeating: 0, count: sites.count), count: sites.count)
        var kms = Array(repeating: Array(repeating: 0.0, count: sites.count), count: sites.count)
        for i in sites.indices {
            for j in sites.indices where i != j {
                guard let a = sites[i].location, let b = sites[j].location else { return nil }
                let road = a.kilometres(to: b) * roadFactor
                kms[i][j] = road
                mins[i][j] = minutes(roadKm: road)
            }
        }
        return TravelMatrix(minutes: mins, kilometres: kms,
                            method: "coordinates: road km = \(roadFactor) x straight-line km at \(speedKmh) km/h plus \(overheadMinutes) min")
    }
}
