using Terminal.Core.App;

namespace Terminal.App
{
    /// <summary>
    /// The application's entry point. The bootstrap (Terminal.Firmware) decides the slot, loads this assembly from a
    /// verified bundle and calls <see cref="Run"/> with its <see cref="ApplicationHost"/> (typed <c>object</c> so the
    /// loader's contract does not depend on the application's types). Returning asks the bootstrap to restart the
    /// board: a staged update or an installed configuration takes effect at the next boot.
    /// </summary>
    public static class Application
    {
        /// <summary>The bundle manifest's entry type for this assembly (<c>Terminal.Tools firmware bundle --entry</c>).</summary>
        public const string EntryType = "Terminal.App.Application";

        /// <summary>The bundle's assembly name: never deployed with the bootstrap, or the runtime would refuse to load a newer one.</summary>
        public const string AssemblyName = "Terminal.App";

        public static void Run(object host)
        {
            TerminalBoot boot = new TerminalBoot((ApplicationHost)host);
            boot.Boot();
            boot.RunForever();
        }
    }
}
