using System;
using System.Collections;

namespace Terminal.Posix
{
    /// <summary>
    /// Everything a run on the nanoCLR's Linux build starts from, made by the host (<c>Terminal.Tools dev nanoclr-image</c>)
    /// and compiled into the interpreter's image assemblies, because that build loads nothing but .pe files: the files of
    /// the internal drive (configuration, factory bundle, installed list) and, under <see cref="RunPrefix"/>, the run's
    /// own inputs (the clock, the card tape). Files arrive in chunks (a .pe holds at most 64 KB of array data).
    /// </summary>
    public sealed class PosixImage
    {
        /// <summary>Names under this prefix are the run's inputs, never files of the drive.</summary>
        public const string RunPrefix = "posix/";

        /// <summary>The RTC at power-on and the network time (int64 Unix seconds, little-endian).</summary>
        public const string ClockName = "posix/clock";

        /// <summary>Present when the run should print the managed heap (the interpreter was given the real nanoFramework.Runtime.Native).</summary>
        public const string HeapName = "posix/heap";

        /// <summary>Card n of the tape is "posix/card/NN" (two digits, from 00).</summary>
        public const string CardPrefix = "posix/card/";

        private readonly ArrayList _names = new ArrayList();
        private readonly ArrayList _contents = new ArrayList();

        public int Count
        {
            get { return _names.Count; }
        }

        public string NameAt(int index)
        {
            return (string)_names[index];
        }

        public byte[] ContentAt(int index)
        {
            return (byte[])_contents[index];
        }

        /// <summary>Appends a chunk to the named file (created by its first chunk).</summary>
        public void Add(string name, byte[] chunk)
        {
            int index = IndexOf(name);
            if (index < 0)
            {
                _names.Add(name);
                _contents.Add(chunk);
                return;
            }

            byte[] before = (byte[])_contents[index];
            byte[] joined = new byte[before.Length + chunk.Length];
            Array.Copy(before, joined, before.Length);
            Array.Copy(chunk, 0, joined, before.Length, chunk.Length);
            _contents[index] = joined;
        }

        /// <summary>The content of a file, or null.</summary>
        public byte[] Find(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? null : (byte[])_contents[index];
        }

        public static string CardName(int index)
        {
            return string.Concat(CardPrefix, index < 10 ? "0" : "", index.ToString());
        }

        /// <summary>The clock of the run (0 when the image has none).</summary>
        public long Clock
        {
            get
            {
                byte[] clock = Find(ClockName);
                if (clock == null || clock.Length != 8)
                {
                    return 0;
                }

                long value = 0;
                for (int i = 7; i >= 0; i--)
                {
                    value = (value << 8) | clock[i];
                }

                return value;
            }
        }

        public static byte[] EncodeClock(long unixSeconds)
        {
            byte[] clock = new byte[8];
            for (int i = 0; i < 8; i++)
            {
                clock[i] = (byte)(unixSeconds >> (8 * i));
            }

            return clock;
        }

        /// <summary>The tape in order; null when a card record is malformed.</summary>
        public TapeCard[] Cards()
        {
            int count = 0;
            while (Find(CardName(count)) != null)
            {
                count++;
            }

            TapeCard[] cards = new TapeCard[count];
            for (int i = 0; i < count; i++)
            {
                cards[i] = CardTape.Decode(Find(CardName(i)));
                if (cards[i] == null)
                {
                    return null;
                }
            }

            return cards;
        }

        /// <summary>Writes every drive file (not the run's inputs) into the store.</summary>
        public void LoadDrive(RamFileStore store)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                string name = (string)_names[i];
                if (!name.StartsWith(RunPrefix))
                {
                    store.Append(name, (byte[])_contents[i]);
                }
            }
        }

        private int IndexOf(string name)
        {
            for (int i = 0; i < _names.Count; i++)
            {
                if ((string)_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
