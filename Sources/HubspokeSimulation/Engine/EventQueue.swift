/// What happens at an event.
enum EventKind: UInt8 {
    case weekStart, arrival, appointment, dropOut, serviceEnd, end
}

struct Event {
    var time: Double
    /// Push order: ties in time are served first-in, first-out, so runs are reproducible.
    var seq: UInt64
    var kind: EventKind
    var a: Int32
    var b: Int32

    @inline(__always) static func before(_ x: Event, _ y: Event) -> Bool {
        x.time < y.time || (x.time == y.time && x.seq < y.seq)
    }
}

/// The future event list: a binary min-heap on (time, push order), stored flat.
struct EventQueue {
    private var heap: [Event] = []
    private var pushed: UInt64 = 0

    init(capacity: Int = 256) { heap.reserveCapacity(capacity) }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func push(_ time: Double, _ kind: EventKind, _ a: Int32 = 0, _ b: Int32 = 0) {
        pushed &+= 1
        heap.append(Event(time: time, seq: pushed, kind: kind, a: a, b: b))
        var i = heap.count - 1
        let e = heap[i]
        while i > 0 {
            let parent = (i - 1) >> 1
            if !Event.before(e, heap[parent]) { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = e
    }

    mutating func pop() -> Event? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        let n = heap.count
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && Event.before(heap[child + 1], heap[child]) { child += 1 }
            if !Event.before(heap[child], last) { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = last
        return top
    }
}
