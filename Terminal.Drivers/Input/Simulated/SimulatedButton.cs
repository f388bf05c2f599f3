namespace Terminal.Drivers.Input.Simulated
{
    public sealed class SimulatedButton : ISelfTestButton
    {
        public bool IsHeld { get; set; }
    }
}
