using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Drivers.Storage;
using Terminal.Core.Signing;

namespace Terminal.Core.Update
{
    /// <summary>What this terminal's bootstrap accepts: its hardware id, its own version, the replay floor.</summary>
    public sealed class UpdatePolicy
    {
        public string HardwareId = "";

        public uint BootstrapVersion;

        /// <summary>Boots a staged version gets to report healthy; on the next boot it is rolled back.</summary>
        public int MaxTrialBoots = 3;

        /// <summary>Single-slot mode (small flash): the only slot is replaced in place; no rollback copy.</summary>
        public bool SingleSlot;

        /// <summary>Largest bundle the slots may hold (from the flash budget); larger announcements are refused.</summary>
        public long MaxBundleBytes = 1024 * 1024;
    }

    /// <summary>
    /// Checks a bundle file on flash the way a terminal trusts it: well-formed manifest, exact length, a trusted
    /// FirmwareSigner key valid on the issue day, the Ed25519 signature (streamed through the shared
    /// <see cref="SignedFile"/> check) and every assembly's SHA-512 (streamed in chunks: never a whole assembly in RAM).
    /// Shared by the terminal's slots and the host tool. Never throws.
    /// </summary>
    public sealed class BundleVerifier
    {
        public const int ChunkBytes = 4096;

        private readonly KeyRing _keys;
        private readonly ISignatureVerifier _verifier;
        private readonly Sha512 _sha = new Sha512();
        private readonly byte[] _manifestBuffer = new byte[BundleManifest.MaxManifestBytes];
        private readonly byte[] _scratch = new byte[ChunkBytes];
        private readonly byte[] _signature = new byte[BundleManifest.SignatureLength];
        private readonly byte[] _digest = new byte[Sha512.HashSize];

        public BundleVerifier(KeyRing keys, ISignatureVerifier verifier)
        {
            _keys = keys;
            _verifier = verifier;
        }

        /// <summary>
        /// First 8 bytes (little-endian) of the SHA-512 of the last manifest read (body and signature): the boot state
        /// stores it, so a boot notices any change to the manifest without verifying the signature again.
        /// </summary>
        public ulong LastManifestTag { get; private set; }

        /// <summary>Reads and parses the manifest of a stored bundle and checks the file's exact length (no trust yet).</summary>
        public UpdateError ReadManifest(IStoredFile file, BundleManifest into)
        {
            LastManifestTag = 0;
            long length = file.Length;
            int count = length < _manifestBuffer.Length ? (int)length : _manifestBuffer.Length;
            if (file.Read(0, _manifestBuffer, 0, count) != count)
            {
                return UpdateError.StorageError;
            }

            UpdateError error = into.Parse(_manifestBuffer, count);
            if (error != UpdateError.None)
            {
                return error;
            }

            long expected = into.BundleLength;
            if (length != expected)
            {
                return length < expected ? UpdateError.Truncated : UpdateError.LengthMismatch;
            }

            _sha.Reset();
            _sha.Update(_manifestBuffer, 0, into.ManifestLength);
            _sha.Final(_digest, 0);
            LastManifestTag = Binary.LittleEndian.ReadUInt64(_digest, 0);
            return UpdateError.None;
        }

        /// <summary>Manifest, length, key, signature and every assembly hash of a stored bundle.</summary>
        public UpdateError Verify(IStoredFile file, BundleManifest into)
        {
            UpdateError error = ReadManifest(file, into);
            if (error != UpdateError.None)
            {
                return error;
            }

            error = VerifySignature(file, into);
            if (error != UpdateError.None)
            {
                return error;
            }

            for (int i = 0; i < into.AssemblyCount; i++)
            {
                error = VerifyAssembly(file, into.Assemblies[i]);
                if (error != UpdateError.None)
                {
                    return error;
                }
            }

            return UpdateError.None;
        }

        /// <summary>Trusted FirmwareSigner key valid on the issue day, and the signature over the manifest body.</summary>
        public UpdateError VerifySignature(IStoredFile file, BundleManifest manifest)
        {
            TrustedKey key;
            KeyCheck check = _keys.Check(manifest.KeyId, KeyUsage.FirmwareSigner, CivilDate.BeijingDayOf(manifest.IssuedAt), out key);
            if (check != KeyCheck.Trusted)
            {
                return check == KeyCheck.WrongUsage ? UpdateError.WrongKeyUsage
                    : check == KeyCheck.NotValidOnDate ? UpdateError.KeyNotValidOnIssueDate : UpdateError.UnknownKey;
            }

            SignedFileStatus result = SignedFile.Verify(file, manifest.BodyLength, manifest.BodyLength, key.PublicKey, _verifier, _signature, _scratch);
            return result == SignedFileStatus.Ok ? UpdateError.None
                : result == SignedFileStatus.BadSignature ? UpdateError.BadSignature : UpdateError.StorageError;
        }

        /// <summary>Streams one assembly's bytes through SHA-512 and compares with the manifest.</summary>
        public UpdateError VerifyAssembly(IStoredFile file, BundleAssembly assembly)
        {
            _sha.Reset();
            long position = assembly.Offset;
            long end = assembly.Offset + assembly.Size;
            while (position < end)
            {
                long remaining = end - position;
                int count = remaining < _scratch.Length ? (int)remaining : _scratch.Length;
                if (file.Read(position, _scratch, 0, count) != count)
                {
                    return UpdateError.StorageError;
                }

                _sha.Update(_scratch, 0, count);
                position += count;
            }

            _sha.Final(_digest, 0);
            return SameHash(_digest, assembly.Sha512) ? UpdateError.None : UpdateError.HashMismatch;
        }

        /// <summary>
        /// Reads one assembly whole into buffer (exactly its size: the loader's Assembly.Load input), checking its
        /// SHA-512 on the way, so every boot loads only bytes that match the signed manifest.
        /// </summary>
        public UpdateError ReadAssembly(IStoredFile file, BundleAssembly assembly, byte[] buffer)
        {
            if (buffer == null || buffer.Length < assembly.Size)
            {
                return UpdateError.TooLarge;
            }

            if (file.Read(assembly.Offset, buffer, 0, assembly.Size) != assembly.Size)
            {
                return UpdateError.StorageError;
            }

            _sha.Reset();
            _sha.Update(buffer, 0, assembly.Size);
            _sha.Final(_digest, 0);
            return SameHash(_digest, assembly.Sha512) ? UpdateError.None : UpdateError.HashMismatch;
        }

        /// <summary>
        /// Hardware, bootstrap version and the replay floor (a version must be above every version staged before). The
        /// size limit is not here: it limits what may be downloaded (<see cref="CheckFits"/>), not what boots, so a
        /// bundle copied by cable runs even where the flash plan leaves no room for over-the-air updates.
        /// </summary>
        public static UpdateError CheckPolicy(BundleManifest manifest, UpdatePolicy policy, ulong versionFloor)
        {
            if (manifest.HardwareId != policy.HardwareId)
            {
                return UpdateError.WrongHardware;
            }

            if (manifest.MinBootstrapVersion > policy.BootstrapVersion)
            {
                return UpdateError.BootstrapTooOld;
            }

            if (manifest.Version <= versionFloor)
            {
                return UpdateError.NotNewer;
            }

            return UpdateError.None;
        }

        /// <summary>Whether a downloaded bundle is within the flash plan's largest bundle.</summary>
        public static UpdateError CheckFits(BundleManifest manifest, UpdatePolicy policy)
        {
            return manifest.BundleLength > policy.MaxBundleBytes ? UpdateError.DoesNotFit : UpdateError.None;
        }

        private static bool SameHash(byte[] a, byte[] b)
        {
            int difference = 0;
            for (int i = 0; i < Sha512.HashSize; i++)
            {
                difference |= a[i] ^ b[i];
            }

            return difference == 0;
        }
    }
}
