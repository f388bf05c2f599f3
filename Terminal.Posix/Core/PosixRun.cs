using System;
using Terminal.Core.App;
using Terminal.Core.Update;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage;

namespace Terminal.Posix
{
    /// <summary>The managed heap's free bytes after a collection; null where the runtime does not say.</summary>
    public interface IHeapProbe
    {
        long FreeBytesAfterCollection();
    }

    /// <summary>Where a run's lines go: the console on the interpreter, a list in the host's tests.</summary>
    public interface IRunOutput
    {
        void Line(string text);
    }

    /// <summary>
    /// One whole-terminal run from a <see cref="PosixImage"/>, around the hand-over to the application: <see cref="PowerOn"/>
    /// wires the posix stand-ins and lets the real bootstrap decide the boot (<see cref="ApplicationHost.Prepare"/>);
    /// the caller then starts the application (on the interpreter: the bootstrap's loader, Assembly.Load of the bundle's
    /// Terminal.App.pe); <see cref="Finish"/> prints the drive. Lines: LOG (boot and application log), TAP (one per card:
    /// UID, compute time, indication), HEAP (free bytes after a collection: at power-on, after the bootstrap's decision, once booted, after each tap, when the image asks
    /// for it and the runtime can tell), FILE/DATA (every file but the bundle slots, hex), END (the run finished).
    /// </summary>
    public sealed class PosixRun : ITapeListener
    {
        /// <summary>The bootstrap version string the run reports in its events.</summary>
        public const string FirmwareVersion = "1.0.0-posix";

        private const int DataLineBytes = 256;

        private readonly IRunOutput _output;
        private readonly IHeapProbe _heap;
        private readonly RecordedFeedback _feedback = new RecordedFeedback();
        private bool _measureHeap;
        private RamFileStore _drive;
        private int _cards;

        public PosixRun(IRunOutput output, IHeapProbe heap)
        {
            _output = output;
            _heap = heap;
        }

        public ApplicationHost Host { get; private set; }

        public int Taps { get; private set; }

        /// <summary>Loads the image and decides the boot; null (after a FAIL line) when there is nothing to hand over to.</summary>
        public ApplicationHost PowerOn(PosixImage image)
        {
            _output.Line("BEGIN app");
            TapeCard[] tape = image.Cards();
            if (tape == null || image.Clock == 0)
            {
                _output.Line("FAIL the image has no clock or a malformed card record");
                return null;
            }

            _cards = tape.Length;
            _drive = new RamFileStore();
            image.LoadDrive(_drive);
            _measureHeap = _heap != null && image.Find(PosixImage.HeapName) != null;
            Heap("power-on"); // the image and the drive are in RAM; nothing of the terminal yet
            SimulatedClock rtc = new SimulatedClock(image.Clock);
            BootDrivers drivers = new BootDrivers();
            drivers.Log = new OutputBootLog(_output);
            drivers.Firmware = FirmwareVersion;
            drivers.Feedback = _feedback;
            drivers.Storage = _drive;
            drivers.Reader = new TapeReader(tape, rtc, this);
            drivers.ReaderChip = new SimulatedChipInfo();
            drivers.Hmac = new ManagedHmacSha256();
            drivers.Clock = rtc;
            drivers.Uptime = new TicksUptime();
            drivers.TimeSync = new ImageTimeSync(rtc, image.Clock);
            drivers.Network = new LoopbackNetworkLink();

            BootOptions options = new BootOptions();
            options.DriveBytes = 3 * 1024 * 1024; // the reference board's I: (16 MB module), as the bootstrap's Program.DriveBytes
            options.IdleSleepMs = 10;
            Host = ApplicationHost.Prepare(drivers, options);
            Heap("bootstrap"); // the bootstrap decided the boot (configuration, key ring, verified slot); no application yet
            BootDecision booted = Host.Booted;
            if (booted == null || booted.Kind == BootKind.NoApplication)
            {
                _output.Line("FAIL the bootstrap found no verified application on the drive");
                return null;
            }

            return Host;
        }

        /// <summary>After the application returned: the drive's files (the outbox among them) and the END line.</summary>
        public void Finish(UpdateError ended)
        {
            _output.Line(string.Concat("LOADER ", UpdateErrorNames.Name(ended)));
            if (ended != UpdateError.None)
            {
                _output.Line("FAIL the bootstrap could not load the application");
                return;
            }

            string[] names = _drive.Names;
            byte[] buffer = new byte[DataLineBytes];
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == UpdateSlots.SlotName(0) || names[i] == UpdateSlots.SlotName(1))
                {
                    continue; // the host wrote the bundle; the slot state file is printed
                }

                IStoredFile file = _drive.Open(names[i]);
                _output.Line(string.Concat("FILE ", names[i], " ", file.Length.ToString()));
                for (long at = 0; at < file.Length; at += DataLineBytes)
                {
                    int n = file.Read(at, buffer, 0, DataLineBytes);
                    _output.Line(string.Concat("DATA ", names[i], " ", at.ToString(), " ", Hex(buffer, n)));
                }

                file.Close();
            }

            _output.Line(string.Concat("END app taps=", Taps.ToString(), " cards=", _cards.ToString()));
        }

        public void FirstPoll()
        {
            Heap("booted"); // the application loaded from the bundle, booted, waiting for the first card
        }

        public void Detected(int index, long atTicks)
        {
            _feedback.Arm();
        }

        public void Tapped(int index, SimulatedCard card, long detectedAtTicks, long haltedAtTicks)
        {
            Taps++;
            long verdictTicks = _feedback.FirstShownAtTicks == 0 ? 0 : _feedback.FirstShownAtTicks - detectedAtTicks;
            _output.Line(string.Concat("TAP ", index.ToString(), " uid=", card.UidHex, " verdict_us=", (verdictTicks / 10).ToString(),
                " compute_us=", ((haltedAtTicks - detectedAtTicks) / 10).ToString(), " indication=", ((int)_feedback.Last).ToString()));
            Heap(string.Concat("tap-", index.ToString()));
        }

        private void Heap(string label)
        {
            if (_measureHeap)
            {
                _output.Line(string.Concat("HEAP ", label, " free=", _heap.FreeBytesAfterCollection().ToString()));
            }
        }

        public void TapeFinished()
        {
            Host.RequestStop(); // between taps: the application's loop returns, and the bootstrap's loader with it
        }

        private static string Hex(byte[] data, int count)
        {
            const string digits = "0123456789abcdef";
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = digits[data[i] >> 4];
                text[(2 * i) + 1] = digits[data[i] & 0x0F];
            }

            return new string(text);
        }

        private sealed class OutputBootLog : IBootLog
        {
            private readonly IRunOutput _output;

            public OutputBootLog(IRunOutput output)
            {
                _output = output;
            }

            public void Line(string text)
            {
                _output.Line(string.Concat("LOG ", text));
            }
        }
    }
}
