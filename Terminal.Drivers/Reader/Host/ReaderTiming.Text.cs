using System.Globalization;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>The host-only half of <see cref="ReaderTiming"/>: its one-line summary (invariant culture).</summary>
    public sealed partial class ReaderTiming
    {
        public override string ToString()
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"rf_ms={RfMs:0.00} spi_ms={SpiMs:0.00} overhead_ms={OverheadMs:0.00} total_ms={TotalMs:0.00} idle_ms={IdleMs:0.00} detections={Detections} sectors_authenticated={SectorsAuthenticated} blocks_read={BlocksRead} failed_exchanges={FailedExchanges} spi_transfers={SpiTransfers}");
        }
    }
}
