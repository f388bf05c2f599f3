using Terminal.Core.Crypto;
using Terminal.Drivers.Crypto;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Storage;

namespace Terminal.Core.App
{
    /// <summary>
    /// The technician's self-test (self-test button held at boot, or self_test=true in the configuration). Each step
    /// writes one line "selftest &lt;step&gt; PASS|FAIL|SKIP &lt;detail&gt;" to the log; <see cref="Report"/> holds them all
    /// for publication over MQTT. Runs without a configuration, so an unprovisioned board can be checked too.
    /// </summary>
    public sealed class SelfTest
    {
        public const string FileName = "selftest.tmp";

        /// <summary>The steps in order, as they appear in the report.</summary>
        public static readonly string[] Steps = new string[] { "reader-version", "antenna", "flash", "sha512", "ed25519", "hmac-sha256", "led-buzzer" };

        private static readonly byte[] TransportKey = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

        private readonly BootDrivers _drivers;
        private readonly BootOptions _options;
        private string _report = "";

        public SelfTest(BootDrivers drivers, BootOptions options)
        {
            _drivers = drivers;
            _options = options;
        }

        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        /// <summary>All result lines, '\n'-separated.</summary>
        public string Report
        {
            get { return _report; }
        }

        /// <summary>Runs every step; true when none failed.</summary>
        public bool Run()
        {
            ReaderVersion();
            Antenna();
            Flash();
            Sha512Known();
            Ed25519Known();
            HmacKnown();
            IndicationWalk();
            Line(string.Concat("selftest done ", Failed == 0 ? "PASS" : "FAIL", " passed=", Passed.ToString(), " failed=", Failed.ToString(), " skipped=", Skipped.ToString()));
            return Failed == 0;
        }

        private void ReaderVersion()
        {
            if (_drivers.ReaderChip == null)
            {
                Result("reader-version", 0, "no chip information");
                return;
            }

            int version = _drivers.ReaderChip.ChipVersion;
            // MFRC522 v1.0 / v2.0; some clones report 0.0 and still work, so only "no answer" fails.
            Result("reader-version", version < 0 ? -1 : 1, version < 0 ? "reader chip does not answer" : string.Concat("chip version ", (version >> 4).ToString(), ".", (version & 15).ToString()));
        }

        /// <summary>The test card is a blank MIFARE Classic card: block 0 must read with the transport key.</summary>
        private void Antenna()
        {
            ICardReader reader = _drivers.Reader;
            byte[] uid = new byte[MifareClassic.MaxUidLength];
            int uidLength;
            ushort atqa;
            byte sak;
            ReaderResult found = reader.WaitForCard(_options.SelfTestCardTimeoutMs, uid, out uidLength, out atqa, out sak);
            if (found != ReaderResult.Ok)
            {
                Result("antenna", -1, "no test card on the reader");
                return;
            }

            byte[] block = new byte[16];
            bool read = reader.Authenticate(0, MifareKeyType.KeyA, TransportKey) == ReaderResult.Ok && reader.ReadBlock(0, block, 0) == ReaderResult.Ok;
            reader.Halt();
            bool uidMatches = read;
            for (int i = 0; read && i < uidLength && i < 4; i++)
            {
                uidMatches &= block[i] == uid[i];
            }

            Result("antenna", uidMatches ? 1 : -1, string.Concat("card uid ", Hex(uid, uidLength), uidMatches ? ", block 0 read" : ", block 0 not readable with the transport key"));
        }

        private void Flash()
        {
            IFileStore store = _drivers.Storage;
            byte[] pattern = new byte[256];
            for (int i = 0; i < pattern.Length; i++)
            {
                pattern[i] = (byte)(i * 7 + 3);
            }

            IStoredFile file = store.Create(FileName);
            if (file == null)
            {
                Result("flash", -1, "cannot create a file");
                return;
            }

            bool written = file.Write(0, pattern, 0, pattern.Length) && file.Flush();
            file.Close();
            byte[] back = new byte[pattern.Length];
            IStoredFile reopened = store.Open(FileName);
            int read = reopened == null ? -1 : reopened.Read(0, back, 0, back.Length);
            if (reopened != null)
            {
                reopened.Close();
            }

            bool same = written && read == back.Length && Equal(pattern, back, back.Length);
            bool deleted = store.Delete(FileName);
            Result("flash", same && deleted ? 1 : -1, same ? (deleted ? "256 bytes written, read back, deleted" : "written and read, delete failed") : "read-back mismatch");
        }

        private void Sha512Known()
        {
            // FIPS 180-2 example: SHA-512("abc").
            byte[] expected = Parse("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
            Sha512 sha = new Sha512();
            sha.Update(new byte[] { (byte)'a', (byte)'b', (byte)'c' }, 0, 3);
            byte[] digest = new byte[Sha512.HashSize];
            sha.Final(digest, 0);
            Result("sha512", Equal(expected, digest, Sha512.HashSize) ? 1 : -1, "FIPS 180-2 \"abc\"");
        }

        private void Ed25519Known()
        {
            // RFC 8032 section 7.1, test 1 (empty message); the same signature with one bit flipped must fail.
            byte[] publicKey = Parse("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
            byte[] signature = Parse("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
            Ed25519PublicKey key = Ed25519PublicKey.Create(publicKey, 0);
            Ed25519Verifier verifier = new Ed25519Verifier();
            byte[] message = new byte[0];
            bool good = key.IsValid && verifier.Verify(key, signature, 0, message, 0, 0);
            signature[5] ^= 0x10;
            bool forgedRefused = !verifier.Verify(key, signature, 0, message, 0, 0);
            Result("ed25519", good && forgedRefused ? 1 : -1, good ? (forgedRefused ? "RFC 8032 test 1 verifies, altered signature refused" : "altered signature accepted") : "RFC 8032 test 1 does not verify");
        }

        private void HmacKnown()
        {
            if (_drivers.Hmac == null)
            {
                Result("hmac-sha256", 0, "no HMAC driver");
                return;
            }

            // RFC 4231 test case 2 (native HMAC on the board).
            byte[] key = new byte[] { (byte)'J', (byte)'e', (byte)'f', (byte)'e' };
            string text = "what do ya want for nothing?";
            byte[] message = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                message[i] = (byte)text[i];
            }

            byte[] mac = new byte[32];
            _drivers.Hmac.Compute(key, message, mac, 0);
            byte[] expected = Parse("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            Result("hmac-sha256", Equal(expected, mac, 32) ? 1 : -1, "RFC 4231 test case 2");
        }

        /// <summary>Every indication in turn (the technician watches and listens); then idle.</summary>
        private void IndicationWalk()
        {
            Indication[] walk = new Indication[] { Indication.Accepted, Indication.AcceptedWithWarning, Indication.Refused, Indication.TapAgain, Indication.ForgeryAlert, Indication.Unprovisioned, Indication.Fault, Indication.Idle };
            for (int i = 0; i < walk.Length; i++)
            {
                _drivers.Feedback.Show(walk[i]);
                if (_options.SelfTestIndicationMs > 0)
                {
                    System.Threading.Thread.Sleep(_options.SelfTestIndicationMs);
                }
            }

            Result("led-buzzer", 1, "shown: accepted, warning, refused, tap-again, forgery, unprovisioned, fault (check by eye and ear)");
        }

        /// <summary>outcome: 1 pass, 0 skipped, -1 fail.</summary>
        private void Result(string step, int outcome, string detail)
        {
            string verdict;
            if (outcome > 0)
            {
                Passed++;
                verdict = "PASS";
            }
            else if (outcome == 0)
            {
                Skipped++;
                verdict = "SKIP";
            }
            else
            {
                Failed++;
                verdict = "FAIL";
            }

            Line(string.Concat("selftest ", step, " ", verdict, " ", detail));
        }

        private void Line(string line)
        {
            _report = _report.Length == 0 ? line : string.Concat(_report, "\n", line);
            if (_drivers.Log != null)
            {
                _drivers.Log.Line(line);
            }
        }

        private static bool Equal(byte[] a, byte[] b, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static byte[] Parse(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return bytes;
        }

        private static int Nibble(char c)
        {
            return c <= '9' ? c - '0' : c - 'a' + 10;
        }

        private static string Hex(byte[] data, int count)
        {
            const string Digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = Digits[data[i] >> 4];
                chars[2 * i + 1] = Digits[data[i] & 15];
            }

            return new string(chars);
        }
    }
}
