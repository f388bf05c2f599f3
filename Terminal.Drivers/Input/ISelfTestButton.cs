namespace Terminal.Drivers.Input
{
    /// <summary>The button a technician holds while powering on to request the self-test.</summary>
    public interface ISelfTestButton
    {
        bool IsHeld { get; }
    }
}
