using System;
using nanoFramework.TestFramework;
using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Tests.Device.Support;

namespace Terminal.Tests.Device
{
    /// <summary>
    /// Measures the interpreter on the board, so Rc522TimingModel's placeholder (2 M IL instructions/s) and the crypto
    /// estimates can be replaced by measured figures. Prints one line for the technician's log:
    /// TIMING il_per_s=... ed25519_ms=... key_expand_ms=... il_loop_ms=... field_mult_us=... list_lookup_us=...
    /// Time comes from DateTime.UtcNow.Ticks (mscorlib; Stopwatch would be another package); each measured span lasts
    /// well over a second, so the clock's millisecond granularity costs less than 0.1 %.
    /// </summary>
    [TestClass]
    public class TimingTests
    {
        /// <summary>Repetitions of the short operations, so each measured span is far above the clock's millisecond.</summary>
        private const int FieldMultiplications = 20000;
        private const int ListLookups = 2000;

        [TestMethod]
        public void Interpreter_throughput_and_one_Ed25519_verification()
        {
            // IL rate: a fixed loop whose instruction count per iteration is checked on the host against the compiled IL.
            long start = DateTime.UtcNow.Ticks;
            long checksum = IlKernel.Run(IlKernel.Iterations);
            long ilTicks = DateTime.UtcNow.Ticks - start;
            Assert.AreEqual(IlKernel.Expected, checksum, "kernel result");
            Assert.IsTrue(ilTicks > 0, "the clock advanced");
            long ilPerSecond = (long)IlKernel.Iterations * IlKernel.IlPerIteration * TimeSpan.TicksPerSecond / ilTicks;

            // RFC 8032 test 2, as a tap's tier-2 check runs it: key table expanded once (at boot), then one verification.
            byte[] publicKey = Hex.Decode("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
            byte[] message = Hex.Decode("72");
            byte[] signature = Hex.Decode(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
            start = DateTime.UtcNow.Ticks;
            Ed25519PublicKey key = Ed25519PublicKey.Create(publicKey, 0);
            long expandTicks = DateTime.UtcNow.Ticks - start;
            Assert.IsTrue(key.IsValid, "key expands");

            Ed25519Verifier verifier = new Ed25519Verifier();
            start = DateTime.UtcNow.Ticks;
            bool valid = verifier.Verify(key, signature, 0, message, 0, message.Length);
            long verifyTicks = DateTime.UtcNow.Ticks - start;
            Assert.IsTrue(valid, "signature verifies");

            // One 10x10-limb field multiplication: the unit the tier-2 cost model counts.
            int[] f = Field25519.Create();
            int[] g = Field25519.Create();
            Field25519.FromBytes(signature, 0, f);
            Field25519.FromBytes(signature, 32, g);
            start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < FieldMultiplications; i++)
            {
                Field25519.Mul(f, g, f);
            }

            long mulTicks = DateTime.UtcNow.Ticks - start;

            // One lookup in the embedded list (blocks in memory: on the board a flash read adds its own time).
            RevocationList list;
            Assert.AreEqual((int)RevocationError.None, (int)RevocationList.Open(new ArrayStoredFile(EmbeddedList.Bytes), out list), "list opens");
            start = DateTime.UtcNow.Ticks;
            for (int i = 0; i < ListLookups; i++)
            {
                list.Lookup(6721600453397UL);
            }

            long lookupTicks = DateTime.UtcNow.Ticks - start;

            OutputHelper.WriteLine(string.Concat(
                "TIMING il_per_s=", ilPerSecond.ToString(),
                " ed25519_ms=", (verifyTicks / TimeSpan.TicksPerMillisecond).ToString(),
                " key_expand_ms=", (expandTicks / TimeSpan.TicksPerMillisecond).ToString(),
                " il_loop_ms=", (ilTicks / TimeSpan.TicksPerMillisecond).ToString(),
                string.Concat(" field_mult_us=", Microseconds(mulTicks, FieldMultiplications),
                " list_lookup_us=", Microseconds(lookupTicks, ListLookups))));
        }

        /// <summary>ticks / count in microseconds with one decimal (a tick is 0.1 µs).</summary>
        private static string Microseconds(long ticks, int count)
        {
            long tenths = ticks / count;
            return string.Concat((tenths / 10).ToString(), ".", (tenths % 10).ToString());
        }
    }
}
