import Foundation
import HubspokeSupport

/// The replications' records (one array of doubles per replication, every policy's values), kept
/// for the second pass of the intervals and for the per-replication CSV, in bounded memory: up to
/// `memoryLimit` bytes stay in memory; beyond that they go to an anonymous temporary file (created
/// with `mkstemp` in the temporary folder and unlinked at once, so nothing is left behind even after
/// `kill -9`), written in chunks and read back in chunks. Appended to by one thread only (the
/// consuming thread of `parallelForEach`); read after the run, the first time by the intervals' second pass,
/// which flushes what is left, so later reads (any thread, `pread`) change nothing.
public final class ReplicationLog: @unchecked Sendable {
    /// Bytes of records kept in memory before they go to the temporary file.
    public static let defaultMemoryLimit = 8 << 20

    let recordLength: Int
    private(set) var records = 0
    private let memoryLimit: Int
    /// Every record while under the limit; after that, records not yet written to the file.
    private var buffer: [Double] = []
    private var file: Int32 = -1
    private var filed = 0  // doubles on the file

    init(recordLength: Int, memoryLimit: Int = ReplicationLog.defaultMemoryLimit) {
        self.recordLength = max(1, recordLength)
        self.memoryLimit = max(memoryLimit, 8 * self.recordLength)
    }

    deinit { if file >= 0 { close(file) } }

    /// Whether the records went to the temporary file.
    var spilled: Bool { file >= 0 }

    func append(_ record: [Double]) throws(ReplicationLogError) {
        precondition(record.count == recordLength)
        buffer.append(contentsOf: record)
        records += 1
        if buffer.count * 8 >= memoryLimit { try flush() }
    }

    /// Writes the buffered records to the temporary file (creating it the first time).
    func flush() throws(ReplicationLogError) {
        guard !buffer.isEmpty else { return }
        if file < 0 { file = try Self.temporaryFile() }
        let fd = file, start = filed * 8
        let ok = buffer.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = pwrite(fd, base + offset, raw.count - offset, off_t(start + offset))
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw Self.failure("cannot write", errno) }
        filed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each record in order (its index and values).
    func forEach(_ body: (Int, ArraySlice<Double>) throws -> Void) throws {
        if file < 0 {
            for r in 0..<records { try body(r, buffer[(r * recordLength)..<((r + 1) * recordLength)]) }
            return
        }
        try flush()
        let perChunk = max(1, (1 << 20) / (8 * recordLength))
        var chunk = [Double](repeating: 0, count: perChunk * recordLength)
        var r = 0
        while r < records {
            let n = min(perChunk, records - r)
            try read(into: &chunk, doubles: n * recordLength, at: r * recordLength)
            for i in 0..<n { try body(r + i, chunk[(i * recordLength)..<((i + 1) * recordLength)]) }
            r += n
        }
    }

    private func read(into chunk: inout [Double], doubles: Int, at start: Int) throws(ReplicationLogError) {
        let fd = file
        let ok = chunk.withUnsafeMutableBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return doubles == 0 }
            var offset = 0
            while offset < doubles * 8 {
                let n = pread(fd, base + offset, doubles * 8 - offset, off_t(start * 8 + offset))
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        guard ok else { throw Self.failure("cannot read", errno) }
    }

    private static func temporaryFile() throws(ReplicationLogError) -> Int32 {
        var template = Array((folder + "hubspoke-replications.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { p in p.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw failure("cannot create", errno) }
        // Unlinked at once: the file lives as long as it is open, and nothing is left after a crash.
        _ = template.withUnsafeBufferPointer { p in p.baseAddress.map { unlink($0) } }
        return fd
    }

    private static func failure(_ what: String, _ code: Int32) -> ReplicationLogError {
        ReplicationLogError(description: "\(folder): \(what) the temporary file of replication results: \(String(cString: strerror(code)))")
    }

    private static var folder: String {
        let dir = NSTemporaryDirectory()
        return dir.hasSuffix("/") ? dir : dir + "/"
    }
}

/// The replications behind a report, one row per policy and replication, read back from the log.
struct ReplicationRecords: Sendable {
    let log: ReplicationLog
    let layout: RecordLayout
    let policies: [String]
    let seed: UInt64

    func forEachRow(_ body: (ReplicationRow) throws -> Void) throws {
        let L = layout
        try log.forEach { rep, record in
            for p in 0..<L.policies {
                let counts = (0..<RecordLayout.rowCounts).map { Int(record[record.startIndex + L.rowCount(p, $0)]) }
                try body(ReplicationRow(policy: policies[p], replication: rep + 1, seed: SeededRandom.replicationSeed(seed, rep),
                                        values: (0..<L.kpis).map { SeriesMoments.decode(record[record.startIndex + L.kpi(p, $0)]) },
                                        arrived: counts[0], completed: counts[1], droppedOut: counts[2], waiting: counts[3],
                                        inTreatment: counts[4], invalidSessions: counts[5]))
            }
        }
    }
}

/// Writing or reading the replications' temporary file failed (a full disk, say).
public struct ReplicationLogError: Error, CustomStringConvertible, Sendable {
    public var description: String
}
