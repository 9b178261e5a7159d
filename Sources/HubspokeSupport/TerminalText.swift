/// Text safe to show on a terminal: names, ids and notes come from input files, and a control
/// character in them could clear the screen, set the window title or hide text.
public enum TerminalText {
    /// `text` with every control character made visible: C0 (U+0000–U+001F, a tab too), DEL
    /// and C1 (U+0080–U+009F) become `\xHH` or `\u{HH}`, so an escape sequence (`ESC [ 2 J`,
    /// `ESC ] 0 ; title BEL`) is shown as text and never acted on. Line breaks are kept when
    /// `keepingNewlines` (the layout of a table or a message's lines needs them). The result holds
    /// no control character, so escaping twice changes nothing.
    public static func escaped(_ text: String, keepingNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isControl(scalar) || (keepingNewlines && scalar == "\n") {
                out.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let code = (hex.count < 2 ? "0" : "") + hex
                out.append(contentsOf: (scalar.value < 0x80 ? "\\x\(code)" : "\\u{\(code)}").unicodeScalars)
            }
        }
        return String(out)
    }

    /// C0, DEL or C1.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }
}
