using Terminal.Core.App;
using Terminal.Core.Binary;
using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Core.Tap;
using Terminal.Drivers.Crypto;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage;
using Terminal.Tools.Revocation;

namespace Terminal.Tools.Simulation;

/// <summary>
/// Modeled ESP32 time of one tap and of its background tier-2 check, from work counted while the real
/// <see cref="TapPipeline"/> runs on the simulated RC522 (never from host wall time). Reader air and SPI time and the
/// MfRc522 driver's managed overhead come from <see cref="Rc522TimingModel"/>; our own managed work is converted from
/// IL-instruction estimates per counted unit at <see cref="IlInstructionsPerSecond"/> (the real interpreter's measured
/// x86 rate over an assumed ESP32 factor, <see cref="InterpreterCalibration"/>); native calls (HMAC, flash reads, GPIO)
/// at a fixed cost each, which stay PLACEHOLDERS until a board measures them (README in Terminal.Benchmarks).
/// </summary>
public sealed class TapCostModel
{
    /// <summary>Interpreter speed on the board: measured on x86 by the real nanoCLR, scaled by the assumed ESP32 factor.</summary>
    public long IlInstructionsPerSecond { get; init; } = InterpreterCalibration.Esp32IlPerSecond;

    /// <summary>One HMACSHA256.HashData call (managed → native, mbedTLS over a short message, 32-byte result). PLACEHOLDER.</summary>
    public double HmacCallUs { get; init; } = 250;

    /// <summary>One positioned read of the revocation list file on I: (seek + read, LittleFS cache). PLACEHOLDER.</summary>
    public double FlashReadUs { get; init; } = 1_000;

    /// <summary>One GPIO/PWM call: GpioPin.Write was seen at ~300 µs on an ESP32 (platform facts).</summary>
    public double GpioCallUs { get; init; } = 300;

    /// <summary>Native calls per indication on the board: three LED writes and the buzzer's PWM start.</summary>
    public int NativeCallsPerIndication { get; init; } = 4;

    // Managed work of our own code, in executed IL instructions per counted unit (estimates read off the code paths;
    // the MfRc522 driver's own managed work is in the reader model's per-call overhead, not here).

    /// <summary>Per decided tap: Step, Decide, repeat check, clock trust, PermitRules.Evaluate, report fill, verified-card cache probe.</summary>
    public long PipelineIlPerTap { get; init; } = 3_000;

    /// <summary>Core-record decode: field extraction beyond the CRC loop.</summary>
    public long DecodeIl { get; init; } = 500;

    /// <summary>One CRC-32 table step (load, xor, mask, index, shift, xor, store, loop); bytes counted by Crc32.BytesProcessed.</summary>
    public long CrcIlPerByte { get; init; } = 14;

    /// <summary>One sector key derivation without its HMAC: argument checks, 10-byte UID fill, 6-byte key copy.</summary>
    public long KeyDerivationIl { get; init; } = 300;

    /// <summary>SectorReader bookkeeping per block read (offset arithmetic, result checks; the copy is native).</summary>
    public long SectorReaderIlPerBlock { get; init; } = 60;

    /// <summary>Tier 1 without its two HMACs: key lookup, validity window, buffer copies, 16-byte constant-time compare.</summary>
    public long TierOneIl { get; init; } = 450;

    /// <summary>Revocation lookup without its flash reads, block CRC and gap scan: two binary searches, block header checks.</summary>
    public long RevocationLookupIl { get; init; } = 600;

    /// <summary>One Rice-coded gap in the data-block scan (ReadGap, NextSetBit, BitField.Read of k bits, loop); counted by RevocationList.GapsDecoded.</summary>
    public long RevocationGapIl { get; init; } = 150;

    /// <summary>One field multiplication (≈ 800 IL) or squaring (≈ 580), counted together: Core/Crypto/README.md.</summary>
    public long FieldMultiplicationIl { get; init; } = 800;

    /// <summary>One SHA-512 compression (80 rounds on ulong): Core/Crypto/README.md.</summary>
    public long Sha512BlockIl { get; init; } = 8_000;

    /// <summary>Tier 2 beyond field arithmetic and hashing: scalar reduction, comb recoding, table lookups, message build.</summary>
    public long SignatureGlueIl { get; init; } = 60_000;

    /// <summary>One glyph lookup: a binary search over the glyph table (≈ 8 steps of compare and halve) and the call.</summary>
    public long GlyphLookupIl { get; init; } = 120;

    /// <summary>One glyph column drawn: the 12-bit decode (three loads, shifts, mask) and ORs into up to three pages.</summary>
    public long GlyphColumnIl { get; init; } = 70;

    /// <summary>Per frame beyond the glyphs: clearing, the band or rule (one OR per column and page), line composition.</summary>
    public long FrameIl { get; init; } = 8_000;

    /// <summary>One I2cDevice.Write call beyond its wire time (managed → native, command link, ESP-IDF driver). PLACEHOLDER.</summary>
    public double I2cCallUs { get; init; } = 150;

    public double IlMs(long instructions) => instructions * 1000.0 / IlInstructionsPerSecond;

    /// <summary>
    /// Taps <paramref name="card"/> once on <paramref name="terminal"/> (built with <see cref="Instrument"/>), then runs
    /// the background tier-2 check, and returns both modeled costs.
    /// </summary>
    public TapCostReport Measure(SimulatedTerminal terminal, TapProbes probes, SimulatedCard card)
    {
        terminal.Reader.Field.Tap(card, SimulatedField.Forever);
        var start = terminal.Reader.Timing.Clone();
        var list = terminal.Core.Revocation.Active;
        long gapsBefore = list?.GapsDecoded ?? 0;
        long crcBefore = Crc32.BytesProcessed;
        probes.Reset();
        probes.Start(terminal.Reader);
        int i2cBefore = terminal.Panel.Transactions;
        double wireBefore = terminal.Panel.BusMicroseconds;
        int framesBefore = terminal.Core.Screen!.FramesSent;
        var step = terminal.Core.Pipeline.Step();
        var afterStep = terminal.Reader.Timing.Clone();
        terminal.Reader.Field.PullAway();
        if (step != TapStep.Decided || probes.AtIndication is null)
        {
            throw new InvalidOperationException("the tap was not decided in one step: " + step);
        }

        var tierOne = probes.AtIndication.Reader.Since(start);
        int indications = probes.Indications;
        var tap = new TapCost(this)
        {
            Verdict = terminal.Core.Pipeline.LastReport.Verdict.Code,
            RfMs = tierOne.RfMs,
            SpiMs = tierOne.SpiMs,
            DriverMs = tierOne.OverheadMs,
            SectorsRead = tierOne.SectorsAuthenticated,
            BlocksRead = tierOne.BlocksRead,
            SpiTransfers = tierOne.SpiTransfers,
            KeyDerivations = probes.AtIndication.KeyDerivations,
            TierOneHmacs = probes.AtIndication.OtherHmacs,
            FlashReads = probes.AtIndication.FlashReads,
            RevocationLookups = terminal.Core.Pipeline.LastReport.HasPermit ? 1 : 0,
            CoreRecordDecodes = tierOne.BlocksRead / (CoreRecordLayout.Length / MifareClassic.BlockSize),
            Indications = 1,
            CrcBytes = probes.AtIndication.CrcBytes - crcBefore,
            RevocationGaps = (list?.GapsDecoded ?? 0) - gapsBefore,
            AfterVerdictReaderMs = afterStep.Since(probes.AtIndication.Reader).TotalMs,
            DisplayFrames = terminal.Core.Screen.FramesSent - framesBefore,
            GlyphLookups = terminal.Core.Screen.Layout.GlyphLookups,
            GlyphColumns = terminal.Core.Screen.Layout.Canvas.ColumnsDrawn,
            I2cTransactions = terminal.Panel.Transactions - i2cBefore,
            I2cWireMs = (terminal.Panel.BusMicroseconds - wireBefore) / 1000.0,
        };

        long multsBefore = Ed25519.FieldMultiplications, blocksBefore = Sha512.BlocksCompressed;
        int verifiedBefore = terminal.Core.TierTwo.Verified;
        bool ran = terminal.Core.TierTwo.ProcessOne();
        var tierTwo = new TierTwoCost(this)
        {
            Verified = ran && terminal.Core.TierTwo.Verified == verifiedBefore + 1,
            FieldMultiplications = Ed25519.FieldMultiplications - multsBefore,
            Sha512Blocks = Sha512.BlocksCompressed - blocksBefore,
        };
        return new TapCostReport(tap, tierTwo, indications);
    }

    /// <summary>
    /// The standard scenario: a provisioned hospital terminal with a province-scale signed list installed (the demo
    /// set's revoked cards plus <paramref name="extraRevoked"/> random permits around the demo's 420100000… numbers, so
    /// the lookup lands inside a data block: index block + data block read) taps the demo set's valid card once.
    /// </summary>
    public TapCostReport MeasureValidTap(int extraRevoked)
    {
        var now = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, now);
        TapProbes? probes = null;
        var terminal = new SimulatedTerminal(keys, "hospital", now, adjustDrivers: d => probes = Instrument(d));
        var random = new Random(2026);
        var entries = set.RevokedEntries.ToDictionary(e => e.CardKey);
        int firstDay = CivilDate.FromYmd(2022, 1, 1).DayNumber;
        while (entries.Count < set.RevokedEntries.Count + extraRevoked)
        {
            ulong permit = 420000000000UL + (ulong)random.NextInt64(200_000_000);
            if (permit / 1000 == 420100000UL)
            {
                continue; // the demo set's own permits (420100000001…) keep their intended status
            }

            ulong key = CardKey.From(permit, random.Next(0, 3));
            entries.TryAdd(key, new RevocationEntry(key, (RevocationReason)random.Next(1, 7), CivilDate.FromDayNumber(firstDay + random.Next(0, 1500))));
        }

        long issuedAt = now.ToUnixTimeSeconds() - 3600;
        var signed = RevocationListBuilder.Build(entries.Values.ToList(),
            new ListParameters((uint)SimulationKeys.ListKeyId, 1, issuedAt, 7 * 86400, 30 * 86400), keys.ListSeed);
        var installed = terminal.InstallList(signed);
        if (installed != RevocationError.None)
        {
            throw new InvalidOperationException("the scenario's list did not install: " + installed);
        }

        var valid = set.Cards.First(c => c.Expected == VerdictCode.Valid && !c.ExpectForgeryAlert);
        return Measure(terminal, probes!, valid.Card);
    }

    /// <summary>Wraps the drivers of a simulated terminal with the counters <see cref="Measure"/> reads.</summary>
    public static TapProbes Instrument(TerminalDrivers drivers)
    {
        var probes = new TapProbes(drivers.Hmac, drivers.Storage, drivers.Feedback);
        drivers.Hmac = probes;
        drivers.Storage = probes.Storage;
        drivers.Feedback = probes.Feedback;
        return probes;
    }
}

/// <summary>One tap and its background check, as modeled.</summary>
public sealed record TapCostReport(TapCost Tap, TierTwoCost TierTwo, int IndicationsShown);

/// <summary>The tier-1 path: card detected → core record read → tier 1 → revocation → rules → LEDs/buzzer.</summary>
public sealed class TapCost(TapCostModel model)
{
    public VerdictCode Verdict { get; init; }

    public double RfMs { get; init; }

    public double SpiMs { get; init; }

    /// <summary>Managed overhead of the MfRc522 driver (per SPI call and per operation, from the reader model).</summary>
    public double DriverMs { get; init; }

    public int SectorsRead { get; init; }

    public int BlocksRead { get; init; }

    public int SpiTransfers { get; init; }

    public int KeyDerivations { get; init; }

    public int TierOneHmacs { get; init; }

    public int FlashReads { get; init; }

    public int RevocationLookups { get; init; }

    public int CoreRecordDecodes { get; init; }

    public int Indications { get; init; }

    /// <summary>Bytes CRC-checked on the path: the core record and the revocation data block.</summary>
    public long CrcBytes { get; init; }

    public long RevocationGaps { get; init; }

    /// <summary>Reader time after the verdict is shown (tier-2 area read while the card is still there, HLTA): not in ModeledMs.</summary>
    public double AfterVerdictReaderMs { get; init; }

    public long ManagedIl =>
        model.PipelineIlPerTap
        + CoreRecordDecodes * model.DecodeIl
        + CrcBytes * model.CrcIlPerByte
        + KeyDerivations * model.KeyDerivationIl
        + BlocksRead * model.SectorReaderIlPerBlock
        + (TierOneHmacs > 0 ? model.TierOneIl : 0)
        + RevocationLookups * model.RevocationLookupIl
        + RevocationGaps * model.RevocationGapIl;

    public int HmacCalls => KeyDerivations + TierOneHmacs;

    public double NativeMs => (HmacCalls * model.HmacCallUs + FlashReads * model.FlashReadUs
                               + Indications * model.NativeCallsPerIndication * model.GpioCallUs) / 1000.0;

    /// <summary>Managed and native work: the driver's overhead, our IL at the interpreter rate, native calls.</summary>
    public double ComputeMs => DriverMs + model.IlMs(ManagedIl) + NativeMs;

    /// <summary>Frames sent to the clerk's display during the tap (1: the verdict).</summary>
    public int DisplayFrames { get; init; }

    public long GlyphLookups { get; init; }

    /// <summary>Glyph columns drawn into the verdict's frame.</summary>
    public int GlyphColumns { get; init; }

    public int I2cTransactions { get; init; }

    /// <summary>Time on the I2C wire at 400 kHz, from the emulated SSD1306 (bytes and transactions it received).</summary>
    public double I2cWireMs { get; init; }

    public long DisplayIl => DisplayFrames * model.FrameIl + GlyphLookups * model.GlyphLookupIl + GlyphColumns * model.GlyphColumnIl;

    /// <summary>The verdict's frame: rendering at the interpreter rate, the I2C calls and their wire time.</summary>
    public double DisplayMs => model.IlMs(DisplayIl) + I2cTransactions * model.I2cCallUs / 1000.0 + I2cWireMs;

    /// <summary>Card on the reader to verdict on LEDs, buzzer and display.</summary>
    public double ModeledMs => RfMs + SpiMs + ComputeMs + DisplayMs;
}

/// <summary>The background Ed25519 check of the tier-2 area (runs between taps, never delays a verdict).</summary>
public sealed class TierTwoCost(TapCostModel model)
{
    public bool Verified { get; init; }

    public long FieldMultiplications { get; init; }

    public long Sha512Blocks { get; init; }

    public long ManagedIl => FieldMultiplications * model.FieldMultiplicationIl + Sha512Blocks * model.Sha512BlockIl + model.SignatureGlueIl;

    public double ModeledMs => model.IlMs(ManagedIl);
}

/// <summary>Counting wrappers around a terminal's HMAC, storage and feedback, with a snapshot when the verdict is shown.</summary>
public sealed class TapProbes : IHmacSha256
{
    private readonly IHmacSha256 _hmac;
    private SimulatedReader? _reader;

    public TapProbes(IHmacSha256 hmac, IFileStore storage, IFeedback feedback)
    {
        _hmac = hmac;
        Storage = new CountingStore(storage, this);
        Feedback = new SnapshotFeedback(feedback, this);
    }

    public IFileStore Storage { get; }

    public IFeedback Feedback { get; }

    /// <summary>HMACs over the 22-byte sector-key message (SectorKeyDiversifier).</summary>
    public int KeyDerivations { get; private set; }

    public int OtherHmacs { get; private set; }

    public int FlashReads { get; private set; }

    public int Indications { get; private set; }

    /// <summary>Counts and reader timing when the first indication of the step was shown.</summary>
    public ProbeSnapshot? AtIndication { get; private set; }

    public void Reset()
    {
        KeyDerivations = OtherHmacs = FlashReads = Indications = 0;
        AtIndication = null;
    }

    public void Start(SimulatedReader reader) => _reader = reader;

    public void Compute(byte[] key, byte[] message, byte[] output, int outputOffset)
    {
        if (message.Length == SectorKeyDiversifier.MessageLength)
        {
            KeyDerivations++;
        }
        else
        {
            OtherHmacs++;
        }

        _hmac.Compute(key, message, output, outputOffset);
    }

    private void OnShow()
    {
        Indications++;
        if (AtIndication is null && _reader is not null)
        {
            AtIndication = new ProbeSnapshot(_reader.Timing.Clone(), KeyDerivations, OtherHmacs, FlashReads, Crc32.BytesProcessed);
        }
    }

    public sealed record ProbeSnapshot(ReaderTiming Reader, int KeyDerivations, int OtherHmacs, int FlashReads, long CrcBytes);

    private sealed class SnapshotFeedback(IFeedback inner, TapProbes probes) : IFeedback
    {
        public void Show(Indication indication)
        {
            probes.OnShow();
            inner.Show(indication);
        }
    }

    private sealed class CountingStore(IFileStore inner, TapProbes probes) : IFileStore
    {
        public long FreeBytes => inner.FreeBytes;

        public bool Exists(string name) => inner.Exists(name);

        public IStoredFile Open(string name) => Wrap(inner.Open(name));

        public IStoredFile Create(string name) => Wrap(inner.Create(name));

        public bool Delete(string name) => inner.Delete(name);

        private IStoredFile Wrap(IStoredFile file) => file is null ? null! : new CountingFile(file, probes);
    }

    private sealed class CountingFile(IStoredFile inner, TapProbes probes) : IStoredFile
    {
        public long Length => inner.Length;

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            probes.FlashReads++;
            return inner.Read(position, buffer, offset, count);
        }

        public bool Write(long position, byte[] data, int offset, int count) => inner.Write(position, data, offset, count);

        public bool Flush() => inner.Flush();

        public void Close() => inner.Close();
    }
}
