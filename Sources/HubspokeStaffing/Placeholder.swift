// Placeholder until the target's first file lands; delete when adding real code.
