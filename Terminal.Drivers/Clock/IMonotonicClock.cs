namespace Terminal.Drivers.Clock
{
    /// <summary>Milliseconds since boot, never set and never going backwards (the wall clock jumps when SNTP sets it).</summary>
    public interface IMonotonicClock
    {
        long Milliseconds { get; }
    }
}
