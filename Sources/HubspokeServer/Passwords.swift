import Foundation
import HummingbirdBcrypt

/// Passwords: bcrypt hashes, a minimum length and a short list of common passwords refused. Hashing
/// and checking run off the event loop (bcrypt is slow on purpose).
enum Passwords {
    /// Why `password` is refused for `user`, or nil. `service`: the service's own words (its name), refused as guessable.
    static func problem(_ password: String, user: String, service: [String] = []) -> String? {
        if password.count < ServerSettings.minimumPasswordLength {
            return "the password is too short: at least \(ServerSettings.minimumPasswordLength) characters (a few words make a good one)"
        }
        if password.utf8.count > 72 { return "the password is too long: bcrypt reads at most 72 bytes" }
        let folded = password.lowercased()
        if common.contains(folded) || folded.contains(user.lowercased()) || Set(folded).count < 4 {
            return "the password is too easy to guess (a common password, your name, or few different characters)"
        }
        let guessable = words.union([user.lowercased(), "hubspoke", "rota"]).union(service.map { $0.lowercased() }.filter { $0.count >= 4 })
        if core(password).contains(where: { isWord($0, of: guessable) }) {
            return "the password is too easy to guess: it is a common password or word with digits or symbols around it; try a few unrelated words"
        }
        return nil
    }

    /// Whether `letters` is one of `words`, or one of them repeated.
    static func isWord(_ letters: String, of words: Set<String>) -> Bool {
        words.contains(letters) || words.contains { w in
            !w.isEmpty && letters.count > w.count && letters.count % w.count == 0 && String(repeating: w, count: letters.count / w.count) == letters
        }
    }

    /// The letters at the heart of a password: digits and symbols taken off both ends, the common
    /// substitutions undone (0 o, 1 l or i, 3 e, 4 a, 5 s, @ a, $ s), lower-cased, letters only.
    /// Two readings, as 1 stands for l or i.
    static func core(_ password: String) -> [String] {
        let trimmed = password.lowercased().drop(while: { !$0.isLetter }).reversed().drop(while: { !$0.isLetter }).reversed()
        return ["l", "i"].map { one in
            String(trimmed.map { c -> Character in
                switch c {
                case "0": "o"
                case "1": Character(one)
                case "3": "e"
                case "4", "@": "a"
                case "5", "$": "s"
                default: c
                }
            }.filter(\.isLetter))
        }
    }

    /// A short list of the most common passwords of 12 characters or more (from the breach lists'
    /// top entries), lower-cased; shorter ones are refused by the length already.
    static let common: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "qwertyuiopas", "qwertyuiop123", "password1234", "password12345",
        "passwordpassword", "iloveyou1234", "football1234", "welcome12345", "letmein12345", "administrator", "changeme1234",
        "qwerty123456", "1q2w3e4r5t6y", "abcdefghijkl", "abc123456789", "111111111111", "000000000000", "aaaaaaaaaaaa",
        "trustno1trustno1", "sunshine1234", "princess1234", "monkey123456", "dragon123456", "baseball1234", "superman1234",
        "correcthorsebatterystaple", "passw0rd1234", "p@ssw0rd1234", "hubspoke1234", "hubspokehubspoke", "nhspassword1",
    ]

    /// The words at the heart of the breach lists' most common passwords (and of this service), which
    /// with digits or symbols around them are still guessed first.
    static let words: Set<String> = [
        "password", "passwort", "passw", "pass", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "qazwsx", "iloveyou",
        "letmein", "welcome", "football", "monkey", "dragon", "sunshine", "princess", "baseball", "superman", "batman",
        "trustno", "admin", "administrator", "changeme", "master", "shadow", "hello", "freedom", "whatever", "abc", "abcdef",
        "abcdefghijkl", "login", "starwars", "secret", "summer", "winter", "spring", "autumn", "computer", "internet",
        "liverpool", "chelsea", "arsenal", "manchester", "london", "england", "cheese", "chocolate", "flower", "hunter",
        "ranger", "soccer", "hockey", "killer", "pepper", "ginger", "tigger", "purple", "orange", "yellow", "banana", "cookie",
        "access", "mustang", "matrix", "test", "testing", "guest", "user", "default", "nhs", "school", "teacher", "education",
        "kent", "medway", "manager", "specialist", "commissioner", "psychologist", "therapist", "service", "calendar",
    ]

    static func hash(_ password: String, cost: UInt8) async -> String {
        await offLoop { Bcrypt.hash(password, cost: cost) }
    }

    /// Checks `password` against `hash`; with no hash (unknown user), against a fixed one, so an
    /// unknown name takes as long as a wrong password.
    static func verify(_ password: String, hash: String?, dummy: String) async -> Bool {
        await offLoop { Bcrypt.verify(password, hash: hash ?? dummy) && hash != nil }
    }

    /// A hash of a random secret, checked against when the user is unknown.
    static func dummy(cost: UInt8) -> String { Bcrypt.hash(UUID().uuidString, cost: cost) }
}

/// Runs `body` on a thread of the global pool, never on the event loop.
func offLoop<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: body()) }
    }
}
