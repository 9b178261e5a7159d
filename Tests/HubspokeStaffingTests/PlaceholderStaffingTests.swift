import Testing
@testable import HubspokeStaffing

@Test func placeholderStaffing() { #expect(Bool(true)) }
