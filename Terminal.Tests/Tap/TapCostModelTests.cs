using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;
using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Drivers.Reader;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Tap;

/// <summary>
/// The tap cost model behind `Terminal.Benchmarks -- tap`: its parts add up and it counts exactly the work the card
/// layout and the list format imply for a valid card's tap. No timing is asserted (the figures are modeled).
/// </summary>
[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class TapCostModelTests
{
    private static readonly Lazy<TapCostReport> Report = new(() => new TapCostModel().MeasureValidTap(20_000));

    [Fact]
    public void A_valid_tap_reads_exactly_the_core_record_sector_and_blocks_of_the_layout()
    {
        var tap = Report.Value.Tap;
        Assert.Equal(VerdictCode.Valid, tap.Verdict);
        int coreBlocks = CoreRecordLayout.Length / MifareClassic.BlockSize;
        int coreSectors = (coreBlocks + SectorReader.DataBlocksPerSector - 1) / SectorReader.DataBlocksPerSector;
        Assert.Equal(coreSectors, tap.SectorsRead);
        Assert.Equal(coreBlocks, tap.BlocksRead);
        Assert.True(tap.SectorsRead <= PermitCardLayout.CoreRecordSectorCount);
        Assert.Equal(1, tap.CoreRecordDecodes);
    }

    [Fact]
    public void A_valid_tap_counts_one_key_per_sector_two_tier_one_macs_and_one_two_block_list_lookup()
    {
        var tap = Report.Value.Tap;
        Assert.Equal(tap.SectorsRead, tap.KeyDerivations);
        Assert.Equal(2, tap.TierOneHmacs);
        Assert.Equal(1, tap.RevocationLookups);
        Assert.Equal(2, tap.FlashReads); // index block, then the data block
        int listBlockBytes = new RevocationListHeader().BlockSize;
        Assert.Equal(CoreRecordLayout.CrcOffset + listBlockBytes - 4, tap.CrcBytes); // record CRC + the data block's CRC
        Assert.InRange(tap.RevocationGaps, 0, listBlockBytes * 8);
        Assert.Equal(1, Report.Value.IndicationsShown);
        Assert.True(tap.AfterVerdictReaderMs > 0, "the tier-2 area is read after the verdict, not before");
    }

    [Fact]
    public void The_tap_components_add_up_to_the_modeled_total()
    {
        var model = new TapCostModel();
        var tap = Report.Value.Tap;
        long il = model.PipelineIlPerTap + tap.CoreRecordDecodes * model.DecodeIl + tap.CrcBytes * model.CrcIlPerByte
                  + tap.KeyDerivations * model.KeyDerivationIl + tap.BlocksRead * model.SectorReaderIlPerBlock + model.TierOneIl
                  + tap.RevocationLookups * model.RevocationLookupIl + tap.RevocationGaps * model.RevocationGapIl;
        Assert.Equal(il, tap.ManagedIl);
        double native = (tap.HmacCalls * model.HmacCallUs + tap.FlashReads * model.FlashReadUs + model.NativeCallsPerIndication * model.GpioCallUs) / 1000;
        Assert.Equal(native, tap.NativeMs, 9);
        Assert.Equal(tap.DriverMs + il * 1000.0 / model.IlInstructionsPerSecond + native, tap.ComputeMs, 9);
        Assert.Equal(tap.RfMs + tap.SpiMs + tap.ComputeMs + tap.DisplayMs, tap.ModeledMs, 9);
        Assert.True(tap.RfMs > 0 && tap.SpiMs > 0 && tap.DriverMs > 0);
    }

    [Fact]
    public void The_verdicts_frame_is_in_the_tap_rendering_i2c_calls_and_wire_time()
    {
        var model = new TapCostModel();
        var tap = Report.Value.Tap;
        Assert.Equal(1, tap.DisplayFrames);
        Assert.Equal(Ssd1306.FrameTransactions, tap.I2cTransactions);
        Assert.Equal(Ssd1306Panel.WireMicroseconds(Ssd1306.FrameTransactions, Ssd1306.FrameBytes) / 1000, tap.I2cWireMs, 9);
        // 居住证有效 and 第十五条、第十六条 and ✔ 通过: every character is looked up at least once, and drawn.
        Assert.InRange(tap.GlyphLookups, 17, 200);
        Assert.InRange(tap.GlyphColumns, 17 * 6, 17 * 12 + 12);
        long il = model.FrameIl + tap.GlyphLookups * model.GlyphLookupIl + tap.GlyphColumns * model.GlyphColumnIl;
        Assert.Equal(il, tap.DisplayIl);
        Assert.Equal(il * 1000.0 / model.IlInstructionsPerSecond + Ssd1306.FrameTransactions * model.I2cCallUs / 1000 + tap.I2cWireMs, tap.DisplayMs, 9);
    }

    [Fact]
    public void Tier_two_is_modeled_from_its_field_multiplications_and_hash_blocks()
    {
        var model = new TapCostModel();
        var tierTwo = Report.Value.TierTwo;
        Assert.True(tierTwo.Verified);
        Assert.InRange(tierTwo.FieldMultiplications, 967, 968); // Core/Crypto/README.md: 967–968 per verification
        // Two hashes: SHA-512 of the personal data, then SHA-512(R ‖ A ‖ message) inside the signature check.
        Assert.InRange(tierTwo.Sha512Blocks, 2, 2 + (TierTwoLayout.Capacity + 64 + TierTwoLayout.MaxSignedMessageLength) / 128 + 2);
        long il = tierTwo.FieldMultiplications * model.FieldMultiplicationIl + tierTwo.Sha512Blocks * model.Sha512BlockIl + model.SignatureGlueIl;
        Assert.Equal(il, tierTwo.ManagedIl);
        Assert.Equal(il * 1000.0 / model.IlInstructionsPerSecond, tierTwo.ModeledMs, 9);
    }

    [Fact]
    public void The_interpreter_rate_scales_only_the_managed_part()
    {
        var tap = Report.Value.Tap;
        var slower = new TapCost(new TapCostModel { IlInstructionsPerSecond = 1_000_000 })
        {
            RfMs = tap.RfMs, SpiMs = tap.SpiMs, DriverMs = tap.DriverMs, SectorsRead = tap.SectorsRead, BlocksRead = tap.BlocksRead,
            KeyDerivations = tap.KeyDerivations, TierOneHmacs = tap.TierOneHmacs, FlashReads = tap.FlashReads, RevocationLookups = tap.RevocationLookups,
            CoreRecordDecodes = tap.CoreRecordDecodes, Indications = tap.Indications, CrcBytes = tap.CrcBytes, RevocationGaps = tap.RevocationGaps,
            DisplayFrames = tap.DisplayFrames, GlyphLookups = tap.GlyphLookups, GlyphColumns = tap.GlyphColumns,
            I2cTransactions = tap.I2cTransactions, I2cWireMs = tap.I2cWireMs,
        };
        Assert.Equal(tap.ManagedIl, slower.ManagedIl);
        Assert.Equal(tap.ModeledMs + (tap.ManagedIl + tap.DisplayIl) * (1000.0 / 1_000_000 - 1000.0 / new TapCostModel().IlInstructionsPerSecond), slower.ModeledMs, 9);
    }

    [Fact]
    public void The_models_IL_estimates_agree_with_the_real_interpreters_measurements()
    {
        // The counted work at the interpreter's measured x86 rate, against what the interpreter measured for it: the
        // per-unit IL estimates are only trusted while they stay within 2x of the runtime they model.
        var model = new TapCostModel();
        double x86 = InterpreterCalibration.X86IlPerSecond;
        double fieldMultUs = model.FieldMultiplicationIl * 1e6 / x86;
        Assert.InRange(fieldMultUs / InterpreterCalibration.X86FieldMultiplicationUs, 0.5, 2.0);
        double tier2Ms = Report.Value.TierTwo.ManagedIl * 1000.0 / x86;
        Assert.InRange(tier2Ms / InterpreterCalibration.X86Tier2Ms, 0.5, 2.0);
        Assert.Equal(InterpreterCalibration.X86IlPerSecond / InterpreterCalibration.Esp32SlowdownFactor, model.IlInstructionsPerSecond);
    }
}
