import Foundation
import HubspokeTestSupport
import Testing

/// The runner every CLI test uses: whatever a program writes, and in whatever order, it is
/// collected whole and the run ends. A runner that read standard output to its end before
/// standard error would hang on the first case: the program blocks once its standard error
/// pipe holds 64 KiB, and never closes standard output. hubspoke itself writing more than
/// 64 KiB to standard error: `OutputFaultTests.aLongErrorReportIsReadWhole`.
@Suite struct ProcessRunnerTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")
    /// 1 MiB, sixteen times a pipe's buffer.
    static let size = 1 << 20

    @Test(arguments: ["head -c \(size) /dev/zero >&2; head -c \(size) /dev/zero",
                      "head -c \(size) /dev/zero; head -c \(size) /dev/zero >&2"])
    func largeOutputOnBothStreamsIsReadWhole(_ script: String) throws {
        let r = try ProcessRunner.run(Self.shell, ["-c", script], timeout: 60)
        #expect(!r.timedOut && !r.signalled && r.status == 0)
        #expect(r.outData.count == Self.size && r.errData.count == Self.size)
        #expect(r.outData.allSatisfy { $0 == 0 } && r.errData.allSatisfy { $0 == 0 })
    }

    @Test func aProgramPastItsTimeoutIsKilled() throws {
        let started = Date()
        let r = try ProcessRunner.run(Self.shell, ["-c", "echo started; exec sleep 60"], timeout: 0.5)
        #expect(r.timedOut && r.signalled && r.status == SIGKILL)
        #expect(r.out == "started\n")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func exitStatusAndStandardInput() throws {
        let r = try ProcessRunner.run(Self.shell, ["-c", "cat; echo done >&2; exit 7"])
        #expect(r.status == 7 && !r.signalled && !r.timedOut)
        #expect(r.out.isEmpty, "standard input is /dev/null: cat ends at once")
        #expect(r.err == "done\n")
    }
}
