namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>The front-end commands the field and the fault injector count.</summary>
    public enum SimulatedOperation
    {
        Detect = 0,
        Authenticate = 1,
        Read = 2,
        Halt = 3,
    }
}
