namespace Terminal.Drivers.Clock
{
    /// <summary>
    /// Network time (SNTP): one bounded attempt to set the system clock (RTC) from a time server. Only the boot
    /// sequence decides what a successful synchronisation means for clock trust.
    /// </summary>
    public interface ITimeSync
    {
        /// <summary>True when the RTC was set from network time within timeoutMs.</summary>
        bool Synchronize(int timeoutMs);
    }
}
