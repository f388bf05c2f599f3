using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Benchmarks;

/// <summary>
/// Modeled duration of the reader part of a tap on the ESP32 + RC522 (Rc522TimingModel: air time at 106 kbit/s, SPI
/// traffic of the MfRc522 driver, managed overhead per SPI call and per operation). Not a wall-clock measurement: it
/// shows where a tap's reader time goes and how it moves with the SPI clock, until a board measures the real figures.
/// </summary>
public sealed class ReaderTapBenchmark : IBenchmark
{
    private static readonly byte[] ReadMaster = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] WriteMaster = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Uid = [0x12, 0x34, 0x56, 0x78];

    public string Name => "reader-tap";

    public string Description => "modeled reader time of a tap (core record, tier 2, unknown card, card pulled away) at several SPI clocks";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        var lines = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        foreach (int mhz in new[] { 10, 5, 1 })
        {
            lines.Add(Line("core", mhz, Tap(mhz, readTier2: false, card: Permit())));
        }

        lines.Add(Line("core+tier2", 5, Tap(5, readTier2: true, card: Permit())));
        lines.Add(Line("core+tier2+halt", 5, Tap(5, readTier2: true, card: Permit(), halt: true)));
        lines.Add(Line("unknown-card", 5, Tap(5, readTier2: false, card: SimulatedCards.Transit([1, 2, 3, 4]))));
        lines.Add(Line("card-gone-after-2-blocks", 5, Tap(5, readTier2: false, card: Permit(), hold: 4)));
        return lines;
    }

    private static MifareClassicCard Permit()
    {
        var core = Enumerable.Range(0, PermitCardLayout.CoreRecordLength).Select(i => (byte)i).ToArray();
        var tier2 = new byte[PermitCardLayout.Tier2Capacity];
        return SimulatedCards.FromImage(PermitCardImages.Issue(Uid, core, tier2, ReadMaster, WriteMaster, new HostHmacSha256()));
    }

    private static (ReaderTiming Timing, ReaderResult Result) Tap(int spiMhz, bool readTier2, SimulatedCard card, bool halt = false, int hold = SimulatedField.Forever)
    {
        var reader = new SimulatedReader(new Rc522TimingModel { SpiClockHz = spiMhz * 1_000_000 });
        reader.Field.Tap(card, hold);
        var uid = new byte[MifareClassic.MaxUidLength];
        var result = reader.WaitForCard(1000, uid, out int uidLength, out _, out _);
        var sectors = new SectorReader(reader, new DiversifiedReadKeys(new SectorKeyDiversifier(new HostHmacSha256()), ReadMaster));
        if (result == ReaderResult.Ok)
        {
            result = sectors.Read(uid, uidLength, PermitCardLayout.CoreRecordFirstSector, PermitCardLayout.CoreRecordSectorCount, new byte[PermitCardLayout.CoreRecordLength], 0);
        }

        if (result == ReaderResult.Ok && readTier2)
        {
            result = sectors.Read(uid, uidLength, PermitCardLayout.Tier2FirstSector, PermitCardLayout.Tier2SectorCount, new byte[PermitCardLayout.Tier2Capacity], 0);
        }

        if (halt)
        {
            reader.Halt();
        }

        return (reader.Timing, result);
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Line(string scenario, int spiMhz, (ReaderTiming Timing, ReaderResult Result) tap)
    {
        var t = tap.Timing;
        return
        [
            new("scenario", scenario), Program.Pair("spi_mhz", spiMhz), new("result", tap.Result.ToString()),
            Program.Pair("rf_ms", t.RfMs), Program.Pair("spi_ms", t.SpiMs), Program.Pair("overhead_ms", t.OverheadMs), Program.Pair("total_ms", t.TotalMs),
            Program.Pair("sectors_authenticated", t.SectorsAuthenticated), Program.Pair("blocks_read", t.BlocksRead), Program.Pair("spi_transfers", t.SpiTransfers),
        ];
    }
}
