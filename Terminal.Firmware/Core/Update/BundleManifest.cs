using Terminal.Core.Binary;
using Terminal.Core.Signing;

namespace Terminal.Core.Update
{
    /// <summary>One application assembly of a bundle: its .pe file name, size and SHA-512.</summary>
    public sealed class BundleAssembly
    {
        public string Name = "";

        public int Size;

        public byte[] Sha512 = new byte[Crypto.Sha512.HashSize];

        /// <summary>Offset of the assembly's bytes in the bundle file (set by the parser).</summary>
        public long Offset;
    }

    /// <summary>
    /// The signed manifest at the start of a firmware bundle (byte layout: README.md beside this file). A bundle file is
    /// the manifest body, its 64-byte Ed25519 signature, then every assembly in load order. <see cref="Parse"/> never
    /// throws: anything malformed or out of bounds is an <see cref="UpdateError"/>.
    /// </summary>
    public sealed class BundleManifest
    {
        public const int FormatVersion = 1;

        public const int SignatureLength = 64;

        /// <summary>Fixed part: magic, format, count, body length, key id, version, bootstrap, issued-at.</summary>
        public const int FixedLength = 32;

        /// <summary>Body plus signature never exceed this: the terminal reads a manifest into one buffer of this size.</summary>
        public const int MaxManifestBytes = 2048;

        public const int MaxAssemblies = 16;

        public const int MaxNameLength = 40;

        public const int MaxHardwareIdLength = 32;

        public const int MaxEntryTypeLength = 96;

        /// <summary>Largest single assembly: it is loaded whole into RAM with Assembly.Load(byte[]).</summary>
        public const int MaxAssemblyBytes = 512 * 1024;

        public static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'F', (byte)'W' };

        private BundleAssembly[] _assemblies = new BundleAssembly[0];

        /// <summary>Firmware-signing key id (must be a FirmwareSigner key in the terminal's key ring).</summary>
        public uint KeyId;

        /// <summary>Monotonic bundle version (≥ 1): a terminal accepts only a higher one than any it has staged.</summary>
        public ulong Version;

        /// <summary>The bundle needs a bootstrap of at least this version.</summary>
        public uint MinBootstrapVersion;

        /// <summary>Unix seconds; the signing key must be valid on this Beijing day.</summary>
        public long IssuedAt;

        public string HardwareId = "";

        /// <summary>Full name of the type whose static entry method the loader calls after loading every assembly.</summary>
        public string EntryType = "";

        /// <summary>Bytes of the signed body (the signature follows it).</summary>
        public int BodyLength;

        public BundleAssembly[] Assemblies { get { return _assemblies; } }

        public int AssemblyCount { get { return _assemblies.Length; } }

        /// <summary>Body and signature.</summary>
        public int ManifestLength { get { return BodyLength + SignatureLength; } }

        /// <summary>Exact length of the whole bundle file.</summary>
        public long BundleLength
        {
            get
            {
                long total = ManifestLength;
                for (int i = 0; i < _assemblies.Length; i++)
                {
                    total += _assemblies[i].Size;
                }

                return total;
            }
        }

        /// <summary>Replaces the assembly list (the writer's side; the parser sets it from the bytes).</summary>
        public void SetAssemblies(BundleAssembly[] assemblies)
        {
            _assemblies = assemblies == null ? new BundleAssembly[0] : assemblies;
        }

        /// <summary>
        /// Parses the manifest at the start of buffer (available bytes: count). Checks the structure and bounds only,
        /// not the signature or any policy. Never throws.
        /// </summary>
        public UpdateError Parse(byte[] buffer, int count)
        {
            _assemblies = new BundleAssembly[0];
            if (buffer == null || count < 0 || count > buffer.Length)
            {
                return UpdateError.BadField;
            }

            UpdateError error = FromPreamble(HeaderPreamble.Check(buffer, 0, count, FixedLength, Magic, FormatVersion));
            if (error != UpdateError.None)
            {
                return error;
            }

            int assemblyCount = buffer[5];
            int bodyLength = LittleEndian.ReadUInt16(buffer, 6);
            if (assemblyCount < 1 || assemblyCount > MaxAssemblies || bodyLength < FixedLength
                || bodyLength + SignatureLength > MaxManifestBytes)
            {
                return UpdateError.BadField;
            }

            if (count < bodyLength + SignatureLength)
            {
                return UpdateError.Truncated;
            }

            KeyId = LittleEndian.ReadUInt32(buffer, 8);
            Version = LittleEndian.ReadUInt64(buffer, 12);
            MinBootstrapVersion = LittleEndian.ReadUInt32(buffer, 20);
            IssuedAt = (long)LittleEndian.ReadUInt64(buffer, 24);
            BodyLength = bodyLength;
            if (Version == 0)
            {
                return UpdateError.BadField;
            }

            int position = FixedLength;
            string hardware = ReadToken(buffer, ref position, bodyLength, MaxHardwareIdLength, false);
            string entry = ReadToken(buffer, ref position, bodyLength, MaxEntryTypeLength, true);
            if (hardware == null || entry == null)
            {
                return UpdateError.BadField;
            }

            BundleAssembly[] assemblies = new BundleAssembly[assemblyCount];
            long offset = bodyLength + SignatureLength;
            for (int i = 0; i < assemblyCount; i++)
            {
                BundleAssembly assembly = new BundleAssembly();
                string name = ReadToken(buffer, ref position, bodyLength, MaxNameLength, false);
                if (name == null || position + 4 + Crypto.Sha512.HashSize > bodyLength)
                {
                    return UpdateError.BadField;
                }

                uint size = LittleEndian.ReadUInt32(buffer, position);
                if (size < 1 || size > MaxAssemblyBytes)
                {
                    return UpdateError.BadField;
                }

                for (int j = 0; j < i; j++)
                {
                    if (assemblies[j].Name == name)
                    {
                        return UpdateError.BadField;
                    }
                }

                assembly.Name = name;
                assembly.Size = (int)size;
                System.Array.Copy(buffer, position + 4, assembly.Sha512, 0, Crypto.Sha512.HashSize);
                assembly.Offset = offset;
                offset += size;
                position += 4 + Crypto.Sha512.HashSize;
                assemblies[i] = assembly;
            }

            if (position != bodyLength)
            {
                return UpdateError.LengthMismatch;
            }

            HardwareId = hardware;
            EntryType = entry;
            _assemblies = assemblies;
            return UpdateError.None;
        }

        /// <summary>
        /// The signed body for these fields (what the firmware-signing key signs); null when a field is out of bounds.
        /// The bundle tool appends the signature and the assemblies.
        /// </summary>
        public byte[] EncodeBody()
        {
            if (_assemblies.Length < 1 || _assemblies.Length > MaxAssemblies || Version == 0
                || !IsToken(HardwareId, MaxHardwareIdLength, false) || !IsToken(EntryType, MaxEntryTypeLength, true))
            {
                return null;
            }

            int length = FixedLength + 1 + HardwareId.Length + 1 + EntryType.Length;
            for (int i = 0; i < _assemblies.Length; i++)
            {
                BundleAssembly assembly = _assemblies[i];
                if (assembly == null || !IsToken(assembly.Name, MaxNameLength, false) || assembly.Size < 1
                    || assembly.Size > MaxAssemblyBytes || assembly.Sha512 == null || assembly.Sha512.Length != Crypto.Sha512.HashSize)
                {
                    return null;
                }

                length += 1 + assembly.Name.Length + 4 + Crypto.Sha512.HashSize;
            }

            if (length + SignatureLength > MaxManifestBytes)
            {
                return null;
            }

            byte[] body = new byte[length];
            System.Array.Copy(Magic, 0, body, 0, Magic.Length);
            body[4] = FormatVersion;
            body[5] = (byte)_assemblies.Length;
            LittleEndian.WriteUInt16(body, 6, length);
            LittleEndian.WriteUInt32(body, 8, KeyId);
            LittleEndian.WriteUInt64(body, 12, Version);
            LittleEndian.WriteUInt32(body, 20, MinBootstrapVersion);
            LittleEndian.WriteUInt64(body, 24, (ulong)IssuedAt);
            int position = FixedLength;
            position = WriteToken(body, position, HardwareId);
            position = WriteToken(body, position, EntryType);
            long offset = length + SignatureLength;
            for (int i = 0; i < _assemblies.Length; i++)
            {
                BundleAssembly assembly = _assemblies[i];
                position = WriteToken(body, position, assembly.Name);
                LittleEndian.WriteUInt32(body, position, (uint)assembly.Size);
                System.Array.Copy(assembly.Sha512, 0, body, position + 4, Crypto.Sha512.HashSize);
                position += 4 + Crypto.Sha512.HashSize;
                assembly.Offset = offset;
                offset += assembly.Size;
            }

            BodyLength = length;
            return body;
        }

        /// <summary>Index of the assembly with that name, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < _assemblies.Length; i++)
            {
                if (_assemblies[i].Name == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Token characters: letters, digits, '.', '_', '-' (and '+' for nested type names). Names become file names and
        /// appear in status messages, so nothing else is allowed.
        /// </summary>
        public static bool IsToken(string value, int maxLength, bool allowPlus)
        {
            if (value == null || value.Length < 1 || value.Length > maxLength)
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (!IsTokenChar(value[i], allowPlus))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsTokenChar(int c, bool allowPlus)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || (allowPlus && c == '+');
        }

        private static string ReadToken(byte[] buffer, ref int position, int end, int maxLength, bool allowPlus)
        {
            if (position >= end)
            {
                return null;
            }

            int length = buffer[position];
            if (length < 1 || length > maxLength || position + 1 + length > end)
            {
                return null;
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                int c = buffer[position + 1 + i];
                if (!IsTokenChar(c, allowPlus))
                {
                    return null;
                }

                chars[i] = (char)c;
            }

            position += 1 + length;
            return new string(chars);
        }

        private static int WriteToken(byte[] body, int position, string value)
        {
            body[position] = (byte)value.Length;
            for (int i = 0; i < value.Length; i++)
            {
                body[position + 1 + i] = (byte)value[i];
            }

            return position + 1 + value.Length;
        }

        private static UpdateError FromPreamble(SignedFileStatus error)
        {
            switch (error)
            {
                case SignedFileStatus.Ok: return UpdateError.None;
                case SignedFileStatus.Truncated: return UpdateError.Truncated;
                case SignedFileStatus.BadMagic: return UpdateError.BadMagic;
                default: return UpdateError.UnsupportedFormat;
            }
        }
    }
}
