using System;
using Terminal.Core.App;
using Terminal.Device;

namespace Terminal.Posix
{
    /// <summary>
    /// The whole terminal on the nanoCLR's Linux build (issue #18), called by the generated image assembly's Main: the
    /// real bootstrap path on the posix stand-ins (<see cref="PosixRun"/>), whose one device-only step is the bootstrap's
    /// own loader: it verifies the factory bundle's Terminal.App.pe against its signed hash, loads it with Assembly.Load
    /// and calls Terminal.App.Application.Run, which returns when the tape is done.
    /// </summary>
    public static class PosixTerminal
    {
        public static void Run(PosixImage image)
        {
            PosixRun run = new PosixRun(new ConsoleOutput(), new RuntimeNativeHeap());
            ApplicationHost host = run.PowerOn(image);
            if (host == null)
            {
                return;
            }

            try
            {
                run.Finish(AssemblyLoader.LoadAndRun(host.Updates, host));
            }
            catch (Exception e)
            {
                // As the board's Program.RunFromSlot: an exception out of the application; here it ends the run (no END line).
                Console.WriteLine(string.Concat("FAIL the application threw ", e.GetType().FullName, ": ", e.Message));
            }
        }

        /// <summary>
        /// nanoFramework.Runtime.Native's GC.Run: a native the posix build registers. Called only when the image asks,
        /// which nanoclr.sh does only when it loads the real assembly (built from its public source) instead of the
        /// reference stub, whose body would end the run.
        /// </summary>
        private sealed class RuntimeNativeHeap : IHeapProbe
        {
            public long FreeBytesAfterCollection()
            {
                return nanoFramework.Runtime.Native.GC.Run(false);
            }
        }

        private sealed class ConsoleOutput : IRunOutput
        {
            public void Line(string text)
            {
                Console.WriteLine(text);
            }
        }
    }
}
