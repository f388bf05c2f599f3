using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Core.Time;
using Terminal.Core.Display;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Display;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Feedback.Simulated;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Revocation;
using Terminal.Tools.Simulation;

namespace Terminal.Benchmarks;

/// <summary>
/// Managed memory of the booted terminal core and of one tap, measured on the host CLR (hardware/budget.md reads it):
/// each static part is built on its own between two GC.GetTotalMemory(true) calls (retained bytes) and
/// GC.GetAllocatedBytesForCurrentThread calls (everything allocated, garbage included), then the whole core is booted
/// through TerminalCore.Create on simulated drivers over a 500,000-entry list. A tap is every Step of TapPipeline from
/// detection to the verdict (tier-2 sectors read and queued included, the background Ed25519 check excluded), minus
/// the bytes the simulated RC522, LEDs and flash allocate themselves (the board's drivers are native or GPIO calls).
/// Host object headers are 16 bytes and array headers 24 (x64), nanoFramework's are smaller, so the counts are an
/// upper bound for the payload and a guide for the overhead. Also prints the flash sizes of the 500,000-entry lists.
/// </summary>
public sealed class MemoryBenchmark : IBenchmark
{
    private const int ListEntries = 500_000;

    /// <summary>Graphs built per part (see <see cref="Measure"/>).</summary>
    private const int Copies = 32;

    /// <summary>Dense universe (the revocation benchmark's 10 M keys) and the sparse one the budget uses: every card key of a Hubei permit number (42xxxxxxxxxx).</summary>
    private const ulong DenseUniverse = 10_000_000;

    private const ulong HubeiFirstPermit = 420_000_000_000;
    private const ulong HubeiPermits = 10_000_000_000;

    public string Name => "memory";

    public string Description => "static bytes of the booted core (base and issuer tables, 500k-list index, caches, outbox window, reader buffers) and bytes per tap; list sizes on flash";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        var now = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8));
        var keys = new SimulationKeys();
        var cards = new DemoCards(keys, now);
        var config = Provision(keys, now);

        // Each part on its own, in boot order; the base table first, before anything verifies a signature. It is a
        // process-wide singleton (built once), so its retained size is what building it allocated: nothing is dropped.
        var parts = new List<(string Name, Allocation Size)>();
        var baseTable = Measure(1, () => Ed25519BaseTable.ForSpacing(Ed25519BaseTable.DefaultSpacing));
        parts.Add(("base_table", new Allocation(baseTable.Allocated, baseTable.Allocated)));
        parts.Add(("config", Measure(Copies, () => Provision(keys, now))));
        parts.Add(("issuer_table", Measure(Copies, () => Ed25519PublicKey.Create(keys.IssuerPublic, 0))));

        long issuedAt = now.ToUnixTimeSeconds() - 3600;
        var random = new Random(8);
        byte[] sparse = BuildList(keys, issuedAt, cards.RevokedEntries, random, HubeiFirstPermit << CardKey.GenerationBits, (HubeiFirstPermit + HubeiPermits) << CardKey.GenerationBits);
        byte[] dense = BuildList(keys, issuedAt, [], random, 0, DenseUniverse);
        var flash = new SimulatedFlash(64L * 1024 * 1024);
        Install(flash, config, sparse);
        var header = ListHeader(sparse);

        var trusted = new KeyRing();
        trusted.Add(new TrustedKey(SimulationKeys.ListKeyId, KeyUsage.ListSigner, keys.ListPublic, 0, int.MaxValue));
        var verifier = new Ed25519Verifier();
        parts.Add(("list_index", Measure(Copies, () =>
        {
            var store = new RevocationStore(flash, trusted, verifier, TerminalCore.ListFilePrefix);
            return store.Mount(false) == RevocationError.None ? store : throw new InvalidOperationException("the 500k list does not mount");
        })));
        parts.Add(("verified_cache", Measure(Copies, () => new VerifiedCardCache(TerminalCore.VerifiedCacheCapacity, null))));
        var outboxStores = new Queue<SimulatedFlash>(Enumerable.Range(0, Copies + 1).Select(_ => new SimulatedFlash()));
        parts.Add(("outbox", Measure(Copies, () =>
        {
            // As the board opens it (TerminalBoot): the in-flight window sized for one batch, not the host default.
            var outbox = new Outbox(outboxStores.Dequeue(), new OutboxOptions { MaxOutstandingReads = TerminalBoot.DeviceOutboxWindow });
            return outbox.Open() == OutboxStatus.Ok ? outbox : throw new InvalidOperationException("the outbox does not open");
        })));
        var hmac = new HostHmacSha256();
        var frontEnd = new SimulatedRc522(new SimulatedField());
        parts.Add(("reader", Measure(Copies, () => new MifareClassicReader(frontEnd))));
        var tierTwoCache = new VerifiedCardCache(1, null);
        var tierTwoClock = new ClockGuard(new SimulatedClock(0), 3600, 0);
        var tierTwoFeedback = new RecordingFeedback();
        var tierTwoSink = new DiscardingTapSink();
        parts.Add(("tier2_queue", Measure(Copies, () => new TierTwoQueue(new TierTwoVerifier(trusted, verifier), tierTwoCache, tierTwoFeedback, tierTwoSink, tierTwoClock))));

        // The clerk's display: the screen (layout, frame, lines) and the driver's page buffer; the glyph table's arrays
        // are initialised once, when the first screen is drawn (on a board without a display, never).
        parts.Add(("display", Measure(Copies, () => new ClerkScreen(Ssd1306.Open(new AcceptingDisplayBus())!))));
        long glyphTableBytes = GlyphTableData.Codes.Length * 2L + GlyphTableData.Advances.Length + GlyphTableData.FirstColumn.Length * 2L + GlyphTableData.Columns.Length;

        // The whole core, booted as the board boots it (second boot: the list is already installed).
        var meter = new HostAllocationMeter();
        var field = new SimulatedField();
        var clock = new SimulatedClock(now.ToUnixTimeSeconds());
        var sink = new DiscardingTapSink();
        var drivers = new TerminalDrivers
        {
            Reader = new MifareClassicReader(new MeteredFrontEnd(new SimulatedRc522(field), meter)),
            Feedback = new MeteredFeedback(new RecordingFeedback(), meter),
            Storage = new MeteredFileStore(flash, meter),
            Hmac = hmac,
            Clock = clock,
            Sink = sink,
            Screen = new ClerkScreen(Ssd1306.Open(new AcceptingDisplayBus())!), // every tap draws its verdict: counted per tap
        };
        // Several cores on the same drivers (they only read the list and the cache file at boot); the last one taps.
        const int boots = 4;
        var cores = new List<TerminalCore>();
        var error = new ConfigError();
        var boot = Measure(boots, () =>
        {
            var created = TerminalCore.Create(config, drivers, 0, error) ?? throw new InvalidOperationException("boot refused: " + error);
            cores.Add(created);
            return created;
        });
        var core = cores[^1];
        long bootHost = meter.Bytes / (boots + 1);
        if (core.ListMountError != RevocationError.None)
        {
            throw new InvalidOperationException("the core did not mount the list: " + core.ListMountError);
        }

        core.Clock.MarkSynchronized(clock.UtcUnixSeconds);

        // Taps: every demo card once (first taps read tier 2), then again a minute later (verified cards skip tier 2).
        var first = TapAll(core, field, meter, cards, out var firstMax);
        while (core.TierTwo.ProcessOne())
        {
        }

        clock.Advance(60);
        var repeat = TapAll(core, field, meter, cards, out var repeatMax);
        while (core.TierTwo.ProcessOne())
        {
        }

        // The usage event the device appends for each check (outbox on the metered flash).
        var outboxMeter = new HostAllocationMeter();
        var appendOutbox = new Outbox(new MeteredFileStore(new SimulatedFlash(), outboxMeter), new OutboxOptions());
        appendOutbox.Open();
        var usage = new UsageEvent
        {
            TerminalId = "HB420100-MEM01", UnixSeconds = now.ToUnixTimeSeconds(), Clock = ClockTrust.Trusted, ServicePoint = "front-desk", Profile = "hospital", HasPermit = true,
            PermitNumber = 420100000001, Generation = 0, Verdict = VerdictCode.Valid, ListSequence = 1, Firmware = "1.0.0",
        };
        if (appendOutbox.Append(usage) != OutboxStatus.Ok)
        {
            throw new InvalidOperationException("the outbox refused the usage event");
        }

        long appendStart = GC.GetAllocatedBytesForCurrentThread();
        long appendHostStart = outboxMeter.Bytes;
        const int appends = 200;
        for (int i = 0; i < appends; i++)
        {
            usage.UnixSeconds++;
            if (appendOutbox.Append(usage) != OutboxStatus.Ok)
            {
                throw new InvalidOperationException("the outbox refused a usage event");
            }
        }

        long perAppend = (GC.GetAllocatedBytesForCurrentThread() - appendStart - (outboxMeter.Bytes - appendHostStart)) / appends;

        long partsSum = parts.Sum(p => p.Size.Retained);
        foreach (var (name, size) in parts)
        {
            Console.WriteLine($"static {name,-15} retained {size.Retained,9:N0} B   allocated {size.Allocated,9:N0} B");
        }

        Console.WriteLine($"boot TerminalCore.Create: retained {boot.Retained:N0} B, allocated {boot.Allocated:N0} B (of which simulated flash {bootHost:N0} B); " +
            "the base table, the configuration and the outbox come on top");
        Console.WriteLine($"list of {ListEntries:N0} entries: sparse (Hubei permit numbers) {sparse.Length:N0} B, {header.DataBlockCount:N0} data blocks, " +
            $"{header.IndexBlockCount:N0} index blocks of {header.BlockSize} B; dense (10 M keys) {dense.Length:N0} B");
        Console.WriteLine($"tap: first {first:N0} B (max {firstMax:N0}), repeat {repeat:N0} B (max {repeatMax:N0}), outbox append {perAppend:N0} B; {sink.Checks} checks");

        var sizes = parts.ToDictionary(p => p.Name, p => p.Size.Retained);
        return
        [
            [
                new("part", "flash"), Program.Pair("list_entries", ListEntries), Program.Pair("list_bytes", dense.Length),
                Program.Pair("list_slots_bytes", 2L * dense.Length), Program.Pair("list_sparse_bytes", sparse.Length),
                Program.Pair("verified_cache_bytes", TerminalCore.VerifiedCacheCapacity * VerifiedCardCache.SlotSize),
                Program.Pair("outbox_max_bytes", new OutboxOptions().MaxBytes),
            ],
            [
                Program.Pair("static_bytes", sizes["base_table"] + sizes["config"] + boot.Retained + sizes["outbox"]), Program.Pair("per_tap_bytes", first),
                Program.Pair("per_tap_repeat_bytes", repeat), Program.Pair("per_tap_max_bytes", Math.Max(firstMax, repeatMax)),
                Program.Pair("per_event_append_bytes", perAppend),
                Program.Pair("base_table_bytes", sizes["base_table"]), Program.Pair("issuer_table_bytes", sizes["issuer_table"]),
                Program.Pair("list_index_bytes", sizes["list_index"]), Program.Pair("verified_cache_bytes", sizes["verified_cache"]),
                Program.Pair("outbox_bytes", sizes["outbox"]), Program.Pair("config_bytes", sizes["config"]), Program.Pair("core_boot_bytes", boot.Retained), Program.Pair("tier2_queue_bytes", sizes["tier2_queue"]),
                Program.Pair("reader_bytes", sizes["reader"]), Program.Pair("boot_allocated_bytes", boot.Allocated - bootHost),
                Program.Pair("parts_sum_bytes", partsSum), Program.Pair("display_bytes", sizes["display"]), Program.Pair("glyph_table_bytes", glyphTableBytes),
            ],
        ];
    }

    private readonly record struct Allocation(long Retained, long Allocated);

    /// <summary>An I2C device that takes every write and allocates nothing (the emulated panel's own bookkeeping would be host bytes).</summary>
    private sealed class AcceptingDisplayBus : IDisplayBus
    {
        public bool Write(byte[] buffer, int offset, int count) => true;
    }

    /// <summary>
    /// Retained and allocated bytes of building one object graph, averaged over <paramref name="copies"/> graphs kept
    /// alive together: GC.GetTotalMemory moves in allocation-context steps of several KB, so one small graph is lost in
    /// that noise while the mean of many is not. The first build warms up (JIT, lazy statics) and is not counted.
    /// </summary>
    private static Allocation Measure<T>(int copies, Func<T> build)
    {
        var built = new object?[copies];
        if (copies > 1)
        {
            GC.KeepAlive(build());
        }

        long retainedBefore = GC.GetTotalMemory(true);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < copies; i++)
        {
            built[i] = build();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long retained = GC.GetTotalMemory(true) - retainedBefore;
        GC.KeepAlive(built);
        return new Allocation(retained / copies, allocated / copies);
    }

    /// <summary>Taps each demo card once; returns the mean bytes per tap (portable code only) and the largest.</summary>
    private static long TapAll(TerminalCore core, SimulatedField field, HostAllocationMeter meter, DemoCards cards, out long max)
    {
        long total = 0;
        max = 0;
        foreach (var card in cards.Cards)
        {
            field.Tap(card.Card, card.HoldForOperations);
            long before = GC.GetAllocatedBytesForCurrentThread();
            long hostBefore = meter.Bytes;
            TapStep step = TapStep.Idle;
            for (int poll = 0; poll < 20 && step is TapStep.Idle or TapStep.ReaderError; poll++)
            {
                step = core.Pipeline.Step();
            }

            long bytes = GC.GetAllocatedBytesForCurrentThread() - before - (meter.Bytes - hostBefore);
            field.PullAway();
            total += bytes;
            max = Math.Max(max, bytes);
        }

        return total / cards.Cards.Count;
    }

    private static DeviceConfiguration Provision(SimulationKeys keys, DateTimeOffset now)
    {
        var bytes = DeviceConfigurationText.Write(SimulatedTerminal.Provisioning(keys, "hospital", "HB420100-MEM01", DateOnly.FromDateTime(now.UtcDateTime)));
        var config = new DeviceConfiguration();
        var error = new ConfigError();
        if (!DeviceConfigurationParser.Parse(bytes, bytes.Length, config, error))
        {
            throw new InvalidOperationException("provisioning: " + error);
        }

        return config;
    }

    /// <summary>A signed list of 500,000 entries: the given ones plus random card keys in [first, limit).</summary>
    private static byte[] BuildList(SimulationKeys keys, long issuedAt, IReadOnlyList<RevocationEntry> required, Random random, ulong first, ulong limit)
    {
        var chosen = new HashSet<ulong>(required.Select(e => e.CardKey));
        var entries = new List<RevocationEntry>(required);
        int firstDay = CivilDate.FromYmd(2020, 1, 1).DayNumber;
        while (entries.Count < ListEntries)
        {
            ulong key = first + (ulong)random.NextInt64((long)(limit - first));
            if (chosen.Add(key))
            {
                entries.Add(new RevocationEntry(key, (RevocationReason)random.Next(1, 7), CivilDate.FromDayNumber(firstDay + random.Next(0, 2200))));
            }
        }

        return RevocationListBuilder.Build(entries, new ListParameters(SimulationKeys.ListKeyId, 1, issuedAt, 7 * 86400, 30 * 86400, limit), keys.ListSeed);
    }

    /// <summary>Installs the list through the terminal's own streaming update path (verified, slot selector written).</summary>
    private static void Install(IFileStore flash, DeviceConfiguration config, byte[] signed)
    {
        var trusted = new KeyRing();
        for (int i = 0; i < config.Keys.Count; i++)
        {
            var k = (ConfiguredKey)config.Keys[i]!;
            if (k.Usage == "list-signer")
            {
                trusted.Add(new TrustedKey((uint)k.Id, KeyUsage.ListSigner, k.Key, k.ValidFrom.DayNumber, k.ValidUntil.DayNumber));
            }
        }

        var store = new RevocationStore(flash, trusted, new Ed25519Verifier(), TerminalCore.ListFilePrefix);
        var error = store.BeginUpdate();
        for (int offset = 0; error == RevocationError.None && offset < signed.Length; offset += RevocationStore.MaxChunkBytes)
        {
            error = store.AppendUpdate(signed, offset, Math.Min(RevocationStore.MaxChunkBytes, signed.Length - offset));
        }

        error = error == RevocationError.None ? store.CommitUpdate() : error;
        if (error != RevocationError.None)
        {
            throw new InvalidOperationException("installing the 500k list: " + error);
        }
    }

    private static RevocationListHeader ListHeader(byte[] list)
    {
        if (RevocationList.Open(new Terminal.Drivers.Storage.Host.MemoryFile(list), out var opened) != RevocationError.None)
        {
            throw new InvalidOperationException("the list does not open");
        }

        return opened.Header;
    }
}
