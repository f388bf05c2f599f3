namespace Terminal.Core.App
{
    /// <summary>Where the boot sequence and the self-test write their lines (the serial console on the board).</summary>
    public interface IBootLog
    {
        void Line(string text);
    }
}
