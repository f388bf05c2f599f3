using Terminal.Core.Rules;
using Terminal.Tools.Simulation;

namespace Terminal.Benchmarks;

/// <summary>
/// Modeled ESP32 time of a valid permit's tap through the real TapPipeline on the simulated RC522 (tier-1 path up to
/// the LEDs), and of the background tier-2 Ed25519 check, with <see cref="TapCostModel"/>: reader air/SPI/driver time
/// from the reader model, our managed work from counted units at the real interpreter's measured x86 rate over the
/// assumed ESP32 factor (InterpreterCalibration), native calls at fixed placeholder costs; and, beside the model, the
/// interpreter's own measurements scaled by the same factor. See README.md. Goals: tap ≤ 250 ms, tier 2 ≤ 2 500 ms.
/// </summary>
public sealed class TapBenchmark : IBenchmark
{
    public string Name => "tap";

    public string Description => "modeled device time of a valid card's tap (tier-1 path) and of its background tier-2 check";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        var report = Measure();
        var tap = report.Tap;
        var tier2 = report.TierTwo;
        Console.WriteLine($"tier-1 path: rf {tap.RfMs:0.0} ms + spi {tap.SpiMs:0.0} ms + compute {tap.ComputeMs:0.0} ms + display {tap.DisplayMs:0.0} ms " +
                          $"(driver {tap.DriverMs:0.0}, our IL {tap.ManagedIl} = {new TapCostModel().IlMs(tap.ManagedIl):0.0} ms, native {tap.NativeMs:0.0} ms: " +
                          $"{tap.HmacCalls} HMAC, {tap.FlashReads} flash reads, {tap.Indications} indication; {tap.CrcBytes} CRC bytes, {tap.RevocationGaps} list gaps) = {tap.ModeledMs:0.0} ms, verdict {tap.Verdict}");
        Console.WriteLine($"display: {tap.DisplayFrames} frame, {tap.GlyphLookups} glyph lookups + {tap.GlyphColumns} columns = {tap.DisplayIl} IL ({new TapCostModel().IlMs(tap.DisplayIl):0.0} ms), " +
                          $"{tap.I2cTransactions} I2C writes ({tap.I2cTransactions * new TapCostModel().I2cCallUs / 1000:0.0} ms) + {tap.I2cWireMs:0.0} ms on the wire at 400 kHz = {tap.DisplayMs:0.0} ms (in the tap's total)");
        Console.WriteLine($"after the verdict (card still there): tier-2 area read + HLTA {tap.AfterVerdictReaderMs:0.0} ms of reader time");
        Console.WriteLine($"tier 2 (background): {tier2.FieldMultiplications} field mults, {tier2.Sha512Blocks} SHA-512 blocks, {tier2.ManagedIl} IL = {tier2.ModeledMs:0} ms, verified {tier2.Verified}");
        var model = new TapCostModel();
        const double x86 = InterpreterCalibration.X86IlPerSecond, factor = InterpreterCalibration.Esp32SlowdownFactor;
        double fieldModelUs = model.FieldMultiplicationIl * 1e6 / x86, tier2ModelX86Ms = tier2.ManagedIl * 1000.0 / x86;
        Console.WriteLine($"interpreter: {x86:N0} IL/s measured on x86 (nanoCLR posix build) / {factor} (ASSUMED ESP32 factor) = {model.IlInstructionsPerSecond:N0} IL/s; " +
                          $"placeholder native costs: HMAC {model.HmacCallUs} µs, flash read {model.FlashReadUs} µs, GPIO {model.GpioCallUs} µs, I2C write call {model.I2cCallUs} µs");
        Console.WriteLine($"model vs interpreter on x86: field mult {fieldModelUs:0.00} µs modeled vs {InterpreterCalibration.X86FieldMultiplicationUs} µs measured; " +
                          $"tier 2 {tier2ModelX86Ms:0.00} ms modeled vs {InterpreterCalibration.X86Tier2Ms} ms measured ({tier2ModelX86Ms / InterpreterCalibration.X86Tier2Ms:0.00}×)");
        Console.WriteLine($"whole terminal on the interpreter (valid card, detection to first indication): {InterpreterCalibration.X86TapVerdictMs} ms on x86 × {factor} = " +
                          $"{InterpreterCalibration.X86TapVerdictMs * factor:0} ms of managed work on an ESP32 (simulated RC522 and managed HMAC included), beside the model's compute {tap.ComputeMs:0.0} ms");
        return
        [
            [
                new(Program.ResultName, "calibration"), Program.Pair("x86_il_per_s", InterpreterCalibration.X86IlPerSecond),
                Program.Pair("esp32_factor", InterpreterCalibration.Esp32SlowdownFactor), Program.Pair("esp32_il_per_s", model.IlInstructionsPerSecond),
                Program.Pair("field_mult_model_x86_us", fieldModelUs), Program.Pair("field_mult_measured_x86_us", InterpreterCalibration.X86FieldMultiplicationUs),
                Program.Pair("tier2_model_x86_ms", tier2ModelX86Ms), Program.Pair("tier2_measured_x86_ms", InterpreterCalibration.X86Tier2Ms),
                Program.Pair("tier2_measured_esp32_ms", InterpreterCalibration.X86Tier2Ms * factor),
                Program.Pair("tap_verdict_measured_x86_ms", InterpreterCalibration.X86TapVerdictMs),
                Program.Pair("tap_verdict_measured_esp32_ms", InterpreterCalibration.X86TapVerdictMs * factor),
                Program.Pair("tap_compute_model_esp32_ms", tap.ComputeMs),
                Program.Pair("tap_to_halt_measured_x86_ms", InterpreterCalibration.X86TapComputeMs),
                Program.Pair("tap_to_halt_measured_esp32_ms", InterpreterCalibration.X86TapComputeMs * factor),
            ],
            [
                new(Program.ResultName, "tier2"), Program.Pair("modeled_ms", tier2.ModeledMs), Program.Pair("field_mults", tier2.FieldMultiplications),
                Program.Pair("sha512_blocks", tier2.Sha512Blocks), Program.Pair("il_instructions", tier2.ManagedIl),
                new("verified", tier2.Verified ? "true" : "false"),
            ],
            [
                Program.Pair("modeled_ms", tap.ModeledMs), Program.Pair("rf_ms", tap.RfMs), Program.Pair("spi_ms", tap.SpiMs),
                Program.Pair("compute_ms", tap.ComputeMs), Program.Pair("sectors_read", tap.SectorsRead), Program.Pair("blocks_read", tap.BlocksRead),
                Program.Pair("driver_ms", tap.DriverMs), Program.Pair("il_instructions", tap.ManagedIl), Program.Pair("native_ms", tap.NativeMs),
                Program.Pair("hmac_calls", tap.HmacCalls), Program.Pair("flash_reads", tap.FlashReads), Program.Pair("crc_bytes", tap.CrcBytes),
                Program.Pair("list_gaps", tap.RevocationGaps),
                Program.Pair("display_ms", tap.DisplayMs), Program.Pair("display_il", tap.DisplayIl), Program.Pair("i2c_wire_ms", tap.I2cWireMs),
                Program.Pair("after_verdict_reader_ms", tap.AfterVerdictReaderMs), new("verdict", tap.Verdict.ToString()),
            ],
        ];
    }

    /// <summary>The standard scenario (TapCostModel.MeasureValidTap) with a 100 000-entry list; throws unless the card reads VALID and verifies.</summary>
    public static TapCostReport Measure()
    {
        var report = new TapCostModel().MeasureValidTap(100_000);
        if (report.Tap.Verdict != VerdictCode.Valid || !report.TierTwo.Verified)
        {
            throw new InvalidOperationException($"the benchmark card gave {report.Tap.Verdict}, tier 2 verified {report.TierTwo.Verified}");
        }

        return report;
    }
}
