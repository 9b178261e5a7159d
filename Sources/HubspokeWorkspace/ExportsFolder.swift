import Foundation
import HubspokeModel

/// The exports folder `publish` writes, laid out so a week's published set changes in one step:
///
///     exports/.versions/2026-11-30-v2-1f0c9a7e/    one version's complete set, written once, never changed
///         rota-2026-11-30-v2.csv .json .txt .html
///         calendars-2026-11-30/EP-1.ics ...
///     exports/2026-11-30 -> .versions/2026-11-30-v2-1f0c9a7e     the week's published set (the one link switched)
///     exports/calendars-2026-11-30 -> 2026-11-30/calendars-2026-11-30
///     exports/rota-2026-11-30-v2.csv -> 2026-11-30/rota-2026-11-30-v2.csv   (and each top-level name of the set)
///
/// The paths of earlier releases (`exports/rota-WEEK-vN.csv`, `exports/calendars-WEEK/`) stay valid:
/// they are links through the week's link, so they too change all at once.
struct ExportsFolder {
    static let versionsName = ".versions"
    /// The folder, absolute.
    let path: String

    init(path: String) {
        let absolute = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        self.path = (absolute as NSString).standardizingPath
    }

    var versions: String { (path as NSString).appendingPathComponent(Self.versionsName) }
    func entry(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Creates the folder if it is missing; refuses a path that is not a folder.
    static func prepare(_ given: String) throws(WorkspaceError) -> ExportsFolder {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: given, isDirectory: &isDir) {
            do { try FileManager.default.createDirectory(atPath: given, withIntermediateDirectories: true) } catch {
                throw .bad("\(given): cannot create the exports folder: \(error.localizedDescription)")
            }
        } else if !isDir.boolValue {
            throw .bad("\(given): not a folder: exports are written into a folder")
        }
        return ExportsFolder(path: given)
    }

    /// A fresh, unguessable name for a version's folder: `2026-11-30-v2-1f0c9a7e`.
    static func versionFolderName(week: CalendarDate, version: Int) -> String {
        "\(week.iso)-v\(version)-\(DurableFiles.randomSuffix())"
    }

    /// The version folder the week's link points at, if any.
    func current(week: CalendarDate) -> String? {
        guard let target = DurableFiles.linkTarget(entry(week.iso)), target.hasPrefix(Self.versionsName + "/") else { return nil }
        return String(target.dropFirst(Self.versionsName.count + 1))
    }

    /// Writes the whole set into `.versions/NAME` (a folder that must not exist), each file and folder
    /// synced to disk.
    func writeSet(_ files: [(path: String, data: Data)], as name: String) throws(WorkspaceError) {
        if !DurableFiles.exists(versions) {
            try DurableFiles.makeFolder(versions)
            try DurableFiles.sync(folder: path)
        } else if !DurableFiles.isFolder(versions) {
            throw .bad("\(versions): not a folder (a link or a file is in its place): remove it and publish again")
        }
        let root = (versions as NSString).appendingPathComponent(name)
        try DurableFiles.makeFolder(root)
        var folders = [root]
        for (relative, data) in files {
            var parent = root
            for part in relative.split(separator: "/").dropLast() {
                parent = (parent as NSString).appendingPathComponent(String(part))
                if !folders.contains(parent) {
                    try DurableFiles.makeFolder(parent)
                    folders.append(parent)
                }
            }
            try DurableFiles.write(data, to: (root as NSString).appendingPathComponent(relative))
        }
        for folder in folders.reversed() { try DurableFiles.sync(folder: folder) }
        try DurableFiles.sync(folder: versions)
    }

    /// Points the week's link at `.versions/NAME` (the commit point of a publish), or removes it.
    func switchWeek(_ week: CalendarDate, to name: String?) throws(WorkspaceError) {
        let link = entry(week.iso)
        if let name {
            if DurableFiles.exists(link) && !DurableFiles.isLink(link) {
                throw .bad("\(link): is in the way of the week's published set: move it elsewhere and publish again")
            }
            try DurableFiles.switchLink(link, to: "\(Self.versionsName)/\(name)")
        } else if unlink(link) != 0 && errno != ENOENT {
            throw .bad("\(link): cannot remove the link: \(DurableFiles.reason())")
        }
        try DurableFiles.sync(folder: path)
    }

    /// After a publish: a link for each top-level name of the week's set, through the week's link
    /// (a folder of an earlier release in the way is moved aside and removed), then `clean()`.
    func finish(week: CalendarDate, files: [String]) {
        let names = Set(files.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
        for name in names {
            let target = "\(week.iso)/\(name)", at = entry(name)
            if DurableFiles.linkTarget(at) == target { continue }
            var isDir: ObjCBool = false
            if !DurableFiles.isLink(at), FileManager.default.fileExists(atPath: at, isDirectory: &isDir), isDir.boolValue {
                // `calendars-WEEK/` as written by an earlier release: set aside, removed by clean().
                rename(at, (versions as NSString).appendingPathComponent("earlier-\(DurableFiles.randomSuffix())"))
            }
            try? DurableFiles.switchLink(at, to: target)
        }
        clean()
        try? DurableFiles.sync(folder: path)
    }

    /// Removes what no week's link refers to: version folders (of publishes given up or replaced),
    /// temporary links and files (`.NAME.RANDOM.tmp`), and links to names the week's set no longer has.
    /// Only called with the workspace's publish lock held: an exports folder belongs to one workspace.
    func clean() {
        let top = DurableFiles.names(in: path)
        var referenced = Set<String>()
        // A temporary link (a link switch cut short) refers to nothing: its version folder goes too.
        for name in top where !Self.isTemporary(name) {
            if let target = DurableFiles.linkTarget(entry(name)), target.hasPrefix(Self.versionsName + "/") {
                referenced.insert(String(target.dropFirst(Self.versionsName.count + 1)))
            }
        }
        for name in DurableFiles.names(in: versions) where !referenced.contains(name) {
            DurableFiles.remove((versions as NSString).appendingPathComponent(name))
        }
        for name in top {
            let at = entry(name)
            if Self.isTemporary(name) {
                DurableFiles.remove(at)
            } else if let target = DurableFiles.linkTarget(at), !target.hasPrefix("/"), !target.hasPrefix(Self.versionsName + "/"),
                      let week = target.split(separator: "/").first, CalendarDate(iso: String(week)) != nil,
                      !FileManager.default.fileExists(atPath: at) {
                unlink(at)
            }
        }
    }

    /// `.NAME.RANDOM.tmp`: a temporary file or link of a write or a link switch.
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }

    /// Removes a version folder that was never switched in.
    func discard(_ name: String) {
        DurableFiles.remove((versions as NSString).appendingPathComponent(name))
    }
}
