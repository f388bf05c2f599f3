namespace Terminal.Core.Reporting
{
    /// <summary>What happens when an event does not fit in the outbox's bounded size. Either way the loss is counted,
    /// persisted and reported in every heartbeat ("lost"): nothing unacknowledged disappears silently.</summary>
    public enum OverflowPolicy
    {
        /// <summary>Drop the oldest segment of unacknowledged events to make room (the platform keeps recent checks).</summary>
        DropOldest = 0,

        /// <summary>Refuse the new event (the platform keeps the older, contiguous history).</summary>
        RejectNewest = 1,
    }

    /// <summary>Result of an outbox operation.</summary>
    public enum OutboxStatus
    {
        Ok = 0,

        /// <summary>The flash refused a write or read (full, failed, or power lost); the operation did not take effect.</summary>
        StorageFailed = 1,

        /// <summary>The outbox is full and the policy is <see cref="OverflowPolicy.RejectNewest"/>: the event was counted as lost.</summary>
        Rejected = 2,

        /// <summary>The event's fields cannot be encoded (see <see cref="UsageEvent.IsValid"/>).</summary>
        InvalidEvent = 3,
    }

    public sealed class OutboxOptions
    {
        /// <summary>File name prefix: "{Name}.state" and "{Name}.00000001", ... in the file store.</summary>
        public string Name = "outbox";

        /// <summary>Size of one log segment file; compaction deletes whole segments once every event in them is acknowledged.</summary>
        public int SegmentBytes = 8192;

        /// <summary>Bound of all segments together (at least two segments).</summary>
        public long MaxBytes = 131072;

        public OverflowPolicy Overflow = OverflowPolicy.DropOldest;

        /// <summary>Event sequences are reserved this many at a time, so a power cut never lets a number be handed out twice.</summary>
        public int CounterBlock = 64;

        /// <summary>First sequence of a brand-new outbox (e.g. seconds since the epoch when provisioned, so a wiped flash does not restart at 1).</summary>
        public long FirstSequence = 1;

        /// <summary>Events read for sending and not yet acknowledged, at most (the window of in-flight batches).</summary>
        public int MaxOutstandingReads = 1024;
    }
}
