/// `ExtraText`: an extra text passed to a workflow (`qr_code` needs one with reference `qr_code`).
package struct ExtraText: Codable, Sendable, Equatable {
    /// The text (min 1 character).
    package var text: String
    /// Where the text is used (min 3 characters).
    package var reference: String

    /// An extra text.
    package init(text: String, reference: String) {
        self.text = text
        self.reference = reference
    }
}
