using System.Threading;

namespace Terminal.Drivers.Mqtt
{
    /// <summary>
    /// Decides when the terminal must reboot to get reporting going again (known ESP32 faults: a reconnect blocked
    /// inside Socket.Connect, a heap leak while publishing). Portable and clock-free: the supervisor calls
    /// <see cref="Check"/> at a fixed interval; the reporting loop calls <see cref="Alive"/> after every poll.
    /// Rebooting loses nothing: every event is in the outbox on flash before it is sent.
    /// </summary>
    public sealed class ReportingWatchdog
    {
        public const int Healthy = 0;

        /// <summary>An MQTT call did not return within its timeout: the client is stuck.</summary>
        public const int TransportWedged = 1;

        /// <summary>The reporting loop stopped polling.</summary>
        public const int LoopStalled = 2;

        /// <summary>Free heap stayed below the floor (a leak): reboot before an allocation fails somewhere worse.</summary>
        public const int HeapLow = 3;

        private readonly int _maxStalledChecks;
        private readonly long _minFreeHeapBytes;
        private readonly int _maxLowHeapChecks;
        private int _beats;
        private int _lastBeats = -1;
        private int _stalledChecks;
        private int _lowHeapChecks;

        public ReportingWatchdog(int maxStalledChecks, long minFreeHeapBytes, int maxLowHeapChecks)
        {
            _maxStalledChecks = maxStalledChecks;
            _minFreeHeapBytes = minFreeHeapBytes;
            _maxLowHeapChecks = maxLowHeapChecks;
        }

        /// <summary>Called by the reporting loop after each poll (any thread).</summary>
        public void Alive()
        {
            Interlocked.Increment(ref _beats);
        }

        /// <summary>One periodic check; returns <see cref="Healthy"/> or the reason to reboot. freeHeapBytes &lt; 0: unknown.</summary>
        public int Check(bool transportWedged, long freeHeapBytes)
        {
            int beats = _beats;
            _stalledChecks = beats == _lastBeats ? _stalledChecks + 1 : 0;
            _lastBeats = beats;
            _lowHeapChecks = freeHeapBytes >= 0 && freeHeapBytes < _minFreeHeapBytes ? _lowHeapChecks + 1 : 0;
            if (transportWedged)
            {
                return TransportWedged;
            }

            if (_stalledChecks >= _maxStalledChecks)
            {
                return LoopStalled;
            }

            return _lowHeapChecks >= _maxLowHeapChecks ? HeapLow : Healthy;
        }

        public static string ReasonName(int reason)
        {
            switch (reason)
            {
                case Healthy: return "healthy";
                case TransportWedged: return "mqtt-wedged";
                case LoopStalled: return "reporting-stalled";
                case HeapLow: return "heap-low";
                default: return "unknown";
            }
        }
    }
}
