namespace Terminal.Core.Revocation
{
    /// <summary>How current the active list is at a given moment.</summary>
    public enum RevocationStaleness
    {
        /// <summary>No list is active.</summary>
        NoList = 0,

        /// <summary>Within its next-update time.</summary>
        Fresh = 1,

        /// <summary>Past its next-update time but within its maximum age: still usable, a newer list is due.</summary>
        UpdateDue = 2,

        /// <summary>Past its maximum age: the service-point policy decides between LIST_STALE verdicts and a warning.</summary>
        Stale = 3,
    }

    /// <summary>What the terminal reports about its active revocation list (sequence, age, entry count).</summary>
    public struct RevocationStatus
    {
        public RevocationStatus(bool hasList, ulong sequence, long issuedAt, uint nextUpdateSeconds, uint maxAgeSeconds, uint entryCount, uint keyId)
        {
            HasList = hasList;
            Sequence = sequence;
            IssuedAt = issuedAt;
            NextUpdateSeconds = nextUpdateSeconds;
            MaxAgeSeconds = maxAgeSeconds;
            EntryCount = entryCount;
            KeyId = keyId;
        }

        public bool HasList { get; private set; }

        public ulong Sequence { get; private set; }

        /// <summary>Unix seconds.</summary>
        public long IssuedAt { get; private set; }

        public uint NextUpdateSeconds { get; private set; }

        public uint MaxAgeSeconds { get; private set; }

        public uint EntryCount { get; private set; }

        public uint KeyId { get; private set; }

        public static RevocationStatus None
        {
            get { return new RevocationStatus(false, 0, 0, 0, 0, 0, 0); }
        }

        /// <summary>Seconds since the list was issued (negative if the clock is behind the platform's).</summary>
        public long AgeSeconds(long nowUnixSeconds)
        {
            return nowUnixSeconds - IssuedAt;
        }

        /// <summary>Pure function of the status and the time: no clock is read here.</summary>
        public RevocationStaleness StalenessAt(long nowUnixSeconds)
        {
            if (!HasList)
            {
                return RevocationStaleness.NoList;
            }

            long age = nowUnixSeconds - IssuedAt;
            if (age > MaxAgeSeconds)
            {
                return RevocationStaleness.Stale;
            }

            return age > NextUpdateSeconds ? RevocationStaleness.UpdateDue : RevocationStaleness.Fresh;
        }
    }
}
