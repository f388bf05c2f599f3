using System;
using System.Threading;
using nanoFramework.Networking;

namespace Terminal.Drivers.Clock.Esp32
{
    /// <summary>
    /// SNTP through nanoFramework.Networking.Sntp, which sets the system clock (the RTC DateTime.UtcNow reads) natively.
    /// The API reports no completion, so a synchronisation counts once the clock moved to a plausible time after
    /// UpdateNow; an RTC that already held a plausible time is taken as synchronised when the request was sent.
    /// </summary>
    public sealed class SntpTimeSync : ITimeSync
    {
        /// <summary>2025-01-01T00:00:00Z, as in the core's ClockGuard: an earlier clock was never set.</summary>
        private const long EarliestPlausible = 1735689600;

        public SntpTimeSync(string server1, string server2)
        {
            Sntp.Server1 = server1;
            Sntp.Server2 = server2;
        }

        public bool Synchronize(int timeoutMs)
        {
            try
            {
                if (!Sntp.IsStarted)
                {
                    Sntp.Start();
                }

                Sntp.UpdateNow();
                for (int waited = 0; waited <= timeoutMs; waited += 100)
                {
                    if (DateTime.UtcNow.ToUnixTimeSeconds() >= EarliestPlausible)
                    {
                        return true;
                    }

                    Thread.Sleep(100);
                }
            }
            catch (Exception)
            {
            }

            return false;
        }
    }
}
