using Terminal.Core.Binary;
using Terminal.Core.Configuration;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Persistence
{
    /// <summary>Where the active configuration came from.</summary>
    public enum ConfigurationSource
    {
        None = 0,
        /// <summary>The plain config.txt a technician uploaded to the drive.</summary>
        TechnicianFile = 1,
        /// <summary>A configuration installed by <see cref="ConfigurationStore.Install"/> into one of two slots.</summary>
        InstalledSlot = 2,
    }

    /// <summary>
    /// The terminal's configuration on flash, replaceable without a window in which a power cut leaves none.
    /// <para>
    /// A technician uploads a plain <see cref="ActiveFileName"/> (the rp-device-config/1 text with its crc32 line);
    /// while that file is present it is the configuration, valid or not (a broken upload must be seen, not hidden
    /// behind an older one). <see cref="Install"/> writes into the older of two slot files ("config.0", "config.1"):
    /// a 16-byte header (magic "RPCF", generation, length, CRC-32 of header and text) and the text. The CRC field is
    /// written last, after the text was flushed, read back and parsed: writing those 4 bytes is the switch, and a slot
    /// whose CRC does not match is ignored. Then config.txt, now superseded, is deleted. A cut at any point leaves the
    /// old configuration or the new one.
    /// </para>
    /// </summary>
    public sealed class ConfigurationStore
    {
        public const string ActiveFileName = "config.txt";
        public const int HeaderLength = 16;
        private const uint Magic = 0x46435052; // "RPCF" little-endian
        private static readonly string[] SlotNames = new string[] { "config.0", "config.1" };

        private readonly IFileStore _store;
        private readonly byte[] _header = new byte[HeaderLength];

        public ConfigurationStore(IFileStore store)
        {
            _store = store;
        }

        /// <summary>Where the configuration of the last successful <see cref="Load"/> or <see cref="Install"/> came from.</summary>
        public ConfigurationSource Source { get; private set; }

        /// <summary>Generation of the active slot (0 for the technician's file or none).</summary>
        public uint Generation { get; private set; }

        /// <summary>True when the last <see cref="Load"/> found no configuration at all (as opposed to an invalid one).</summary>
        public bool Missing { get; private set; }

        /// <summary>The active configuration, parsed and checked; null with the reason in error when missing or invalid.</summary>
        public DeviceConfiguration Load(ConfigError error)
        {
            error.Line = 0;
            error.Message = "";
            Missing = false;
            Source = ConfigurationSource.None;
            Generation = 0;
            if (_store.Exists(ActiveFileName))
            {
                byte[] text = ReadWhole(ActiveFileName, 0, error);
                if (text == null)
                {
                    return null;
                }

                DeviceConfiguration config = Parse(text, 0, text.Length, error);
                if (config != null)
                {
                    Source = ConfigurationSource.TechnicianFile;
                }
                else
                {
                    error.Message = string.Concat(ActiveFileName, ": ", error.Message);
                }

                return config;
            }

            uint generation;
            int slot = NewestValidSlot(out generation);
            if (slot < 0)
            {
                Missing = true;
                error.Message = string.Concat("no configuration on the drive (", ActiveFileName, "): the terminal is not provisioned");
                return null;
            }

            byte[] data = ReadWhole(SlotNames[slot], HeaderLength, error);
            DeviceConfiguration installed = data == null ? null : Parse(data, 0, data.Length, error);
            if (installed != null)
            {
                Source = ConfigurationSource.InstalledSlot;
                Generation = generation;
            }

            return installed;
        }

        /// <summary>
        /// Replaces the configuration with data[offset..offset+count) (the rp-device-config/1 text). Refused before
        /// anything is written when it does not parse or its sequence is not newer than the active configuration's.
        /// </summary>
        public bool Install(byte[] data, int offset, int count, ConfigError error)
        {
            error.Line = 0;
            error.Message = "";
            if (data == null || offset < 0 || count <= 0 || offset + count > data.Length)
            {
                return Fail(error, "empty configuration");
            }

            byte[] text = new byte[count];
            System.Array.Copy(data, offset, text, 0, count);
            DeviceConfiguration candidate = Parse(text, 0, count, error);
            if (candidate == null)
            {
                return false;
            }

            ConfigError activeError = new ConfigError();
            DeviceConfiguration active = Load(activeError);
            if (active != null && candidate.Sequence <= active.Sequence)
            {
                return Fail(error, string.Concat("sequence ", candidate.Sequence.ToString(), " is not newer than the active configuration's ", active.Sequence.ToString()));
            }

            uint newestGeneration;
            int newest = NewestValidSlot(out newestGeneration);
            int target = newest == 0 ? 1 : 0;
            uint generation = newest < 0 ? 1 : newestGeneration + 1;

            LittleEndian.WriteUInt32(_header, 0, Magic);
            LittleEndian.WriteUInt32(_header, 4, generation);
            LittleEndian.WriteUInt32(_header, 8, (uint)count);
            LittleEndian.WriteUInt32(_header, 12, 0);
            uint crc = SlotCrc(_header, text, count);

            IStoredFile file = _store.Create(SlotNames[target]);
            if (file == null)
            {
                return Fail(error, "cannot create the configuration slot");
            }

            // Header without its CRC, then the text; durable before the check, so the CRC written below commits
            // exactly what was verified.
            bool ok = file.Write(0, _header, 0, HeaderLength) && file.Write(HeaderLength, text, 0, count) && file.Flush();
            if (ok)
            {
                ok = ReadBackEquals(file, text, count);
            }

            if (!ok)
            {
                file.Close();
                _store.Delete(SlotNames[target]);
                return Fail(error, "the configuration did not read back as written (flash full or failing)");
            }

            LittleEndian.WriteUInt32(_header, 12, crc);
            ok = file.Write(12, _header, 12, 4) && file.Flush();
            file.Close();
            if (!ok)
            {
                return Fail(error, "could not commit the configuration slot");
            }

            uint committedGeneration;
            if (NewestValidSlot(out committedGeneration) != target || committedGeneration != generation)
            {
                return Fail(error, "the committed configuration slot does not verify");
            }

            if (_store.Exists(ActiveFileName) && !_store.Delete(ActiveFileName))
            {
                return Fail(error, string.Concat("installed, but ", ActiveFileName, " could not be removed and still takes precedence"));
            }

            Source = ConfigurationSource.InstalledSlot;
            Generation = generation;
            Missing = false;
            return true;
        }

        private static DeviceConfiguration Parse(byte[] text, int offset, int count, ConfigError error)
        {
            DeviceConfiguration config = new DeviceConfiguration();
            return DeviceConfigurationParser.Parse(text, count, config, error) ? config : null;
        }

        private int NewestValidSlot(out uint generation)
        {
            generation = 0;
            int best = -1;
            for (int slot = 0; slot < SlotNames.Length; slot++)
            {
                uint g;
                if (SlotIsValid(SlotNames[slot], out g) && (best < 0 || g > generation))
                {
                    best = slot;
                    generation = g;
                }
            }

            return best;
        }

        /// <summary>Header magic, length and the CRC over header and text, streamed in small chunks.</summary>
        private bool SlotIsValid(string name, out uint generation)
        {
            generation = 0;
            IStoredFile file = _store.Open(name);
            if (file == null)
            {
                return false;
            }

            bool valid = false;
            byte[] header = new byte[HeaderLength];
            if (file.Length >= HeaderLength && file.Read(0, header, 0, HeaderLength) == HeaderLength
                && LittleEndian.ReadUInt32(header, 0) == Magic)
            {
                uint length = LittleEndian.ReadUInt32(header, 8);
                uint stated = LittleEndian.ReadUInt32(header, 12);
                if (length > 0 && length <= DeviceConfigurationParser.MaxLength && file.Length == HeaderLength + length)
                {
                    LittleEndian.WriteUInt32(header, 12, 0);
                    uint crc = Crc32.Initial;
                    crc = Crc32.Update(crc, header, 0, HeaderLength);
                    byte[] chunk = new byte[256];
                    long position = HeaderLength;
                    bool readOk = true;
                    while (position < file.Length)
                    {
                        int want = (int)(file.Length - position < chunk.Length ? file.Length - position : chunk.Length);
                        int got = file.Read(position, chunk, 0, want);
                        if (got != want)
                        {
                            readOk = false;
                            break;
                        }

                        crc = Crc32.Update(crc, chunk, 0, got);
                        position += got;
                    }

                    valid = readOk && Crc32.Finish(crc) == stated;
                    generation = LittleEndian.ReadUInt32(header, 4);
                }
            }

            file.Close();
            return valid;
        }

        private static uint SlotCrc(byte[] headerWithZeroCrc, byte[] text, int count)
        {
            uint crc = Crc32.Initial;
            crc = Crc32.Update(crc, headerWithZeroCrc, 0, HeaderLength);
            crc = Crc32.Update(crc, text, 0, count);
            return Crc32.Finish(crc);
        }

        private static bool ReadBackEquals(IStoredFile file, byte[] text, int count)
        {
            if (file.Length != HeaderLength + count)
            {
                return false;
            }

            byte[] chunk = new byte[256];
            int done = 0;
            while (done < count)
            {
                int want = count - done < chunk.Length ? count - done : chunk.Length;
                if (file.Read(HeaderLength + done, chunk, 0, want) != want)
                {
                    return false;
                }

                for (int i = 0; i < want; i++)
                {
                    if (chunk[i] != text[done + i])
                    {
                        return false;
                    }
                }

                done += want;
            }

            return true;
        }

        private byte[] ReadWhole(string name, int skip, ConfigError error)
        {
            IStoredFile file = _store.Open(name);
            if (file == null)
            {
                Fail(error, string.Concat("cannot open ", name));
                return null;
            }

            long length = file.Length - skip;
            if (length <= 0 || length > DeviceConfigurationParser.MaxLength)
            {
                file.Close();
                Fail(error, length <= 0 ? string.Concat(name, " is empty") : string.Concat(name, " is larger than 32 KiB"));
                return null;
            }

            byte[] data = new byte[(int)length];
            int read = file.Read(skip, data, 0, data.Length);
            file.Close();
            if (read != data.Length)
            {
                Fail(error, string.Concat("cannot read ", name));
                return null;
            }

            return data;
        }

        private static bool Fail(ConfigError error, string message)
        {
            error.Line = 0;
            error.Message = message;
            return false;
        }
    }
}
