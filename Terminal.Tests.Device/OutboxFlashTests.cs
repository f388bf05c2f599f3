using System;
using nanoFramework.TestFramework;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Drivers.Storage;
using Terminal.Drivers.Storage.Esp32;

namespace Terminal.Tests.Device
{
    /// <summary>
    /// The outbox on the board's real flash (FlashFileStore on the internal LittleFS drive I:): append, reopen (as after
    /// a reboot), read, acknowledge, reopen again. Uses its own file names, so a provisioned terminal's outbox is untouched.
    /// </summary>
    [TestClass]
    public class OutboxFlashTests
    {
        private const string Drive = "I:\\";
        private const string Name = "devtest-outbox";

        [TestMethod]
        public void Events_survive_a_reopen_and_acknowledged_ones_stay_delivered()
        {
            IFileStore store = new FlashFileStore(Drive);
            DeleteOutboxFiles(store);
            try
            {
                Outbox outbox = Open(store);
                long start = DateTime.UtcNow.Ticks;
                for (int i = 0; i < 5; i++)
                {
                    Assert.AreEqual((int)OutboxStatus.Ok, (int)outbox.Append(Event(i)), "append");
                }

                long appendTicks = DateTime.UtcNow.Ticks - start;
                OutputHelper.WriteLine(string.Concat("TIMING outbox_append_ms=", (appendTicks / TimeSpan.TicksPerMillisecond / 5).ToString()));
                outbox.Close();

                outbox = Open(store);
                Assert.AreEqual(5L, outbox.PendingCount, "pending after reopen");
                UsageEvent[] read = NewEvents(5);
                Assert.AreEqual(5, outbox.ReadNext(read, 0, 5), "read back");
                for (int i = 0; i < 5; i++)
                {
                    Assert.AreEqual(420100000001L + i, read[i].PermitNumber, "oldest first");
                    Assert.IsTrue(i == 0 || read[i].Sequence > read[i - 1].Sequence, "sequences ascend");
                }

                Assert.AreEqual((int)OutboxStatus.Ok, (int)outbox.Acknowledge(read[2].Sequence), "acknowledge three");
                Assert.AreEqual(2L, outbox.PendingCount, "two left");
                outbox.Close();

                outbox = Open(store);
                Assert.AreEqual(2L, outbox.PendingCount, "acknowledgement persisted");
                UsageEvent[] rest = NewEvents(2);
                Assert.AreEqual(2, outbox.ReadNext(rest, 0, 2), "the rest");
                Assert.AreEqual(420100000004L, rest[0].PermitNumber, "the fourth event is next");
                outbox.Close();
            }
            finally
            {
                DeleteOutboxFiles(store);
            }
        }

        private static Outbox Open(IFileStore store)
        {
            OutboxOptions options = new OutboxOptions();
            options.Name = Name;
            Outbox outbox = new Outbox(store, options);
            Assert.AreEqual((int)OutboxStatus.Ok, (int)outbox.Open(), "outbox opens on I:");
            return outbox;
        }

        private static UsageEvent Event(int i)
        {
            UsageEvent e = new UsageEvent();
            e.TerminalId = "HB420100-TEST1";
            e.UnixSeconds = 1764036000 + i;
            e.Clock = ClockTrust.Trusted;
            e.ServicePoint = "bench";
            e.Profile = "hospital";
            e.HasPermit = true;
            e.PermitNumber = 420100000001L + i;
            e.Verdict = VerdictCode.Valid;
            e.ListSequence = 1;
            e.Firmware = "devtest";
            return e;
        }

        private static UsageEvent[] NewEvents(int count)
        {
            UsageEvent[] events = new UsageEvent[count];
            for (int i = 0; i < count; i++)
            {
                events[i] = new UsageEvent();
            }

            return events;
        }

        /// <summary>The state file and the first segments ("{Name}.state", "{Name}.00000001", ...).</summary>
        private static void DeleteOutboxFiles(IFileStore store)
        {
            store.Delete(string.Concat(Name, ".state"));
            for (int segment = 1; segment <= 16; segment++)
            {
                store.Delete(string.Concat(Name, ".", segment.ToString().PadLeft(8, '0')));
            }
        }
    }
}
