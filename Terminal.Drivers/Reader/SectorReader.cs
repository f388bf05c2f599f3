namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// Reads the data blocks (the three blocks before each trailer) of consecutive sectors into one buffer: the
    /// authenticate-then-read loop of a tap, in one call. Generic block I/O: it knows sectors, not records.
    /// </summary>
    public sealed class SectorReader
    {
        public const int DataBlocksPerSector = MifareClassic.BlocksPerSector - 1;
        public const int DataBytesPerSector = DataBlocksPerSector * MifareClassic.BlockSize;

        private readonly ICardReader _reader;
        private readonly ISectorKeySource _keys;
        private readonly byte[] _key = new byte[MifareClassic.KeyLength];

        public SectorReader(ICardReader reader, ISectorKeySource keys)
        {
            _reader = reader;
            _keys = keys;
        }

        /// <summary>The sector the last Read stopped at when it did not return Ok (-1 otherwise).</summary>
        public int FailedSector { get; private set; }

        /// <summary>
        /// Reads sectorCount sectors from firstSector into buffer[offset..offset + 48 * sectorCount). Stops at the first
        /// failure and returns its code (<see cref="FailedSector"/> says where); the bytes before it are valid.
        /// </summary>
        public ReaderResult Read(byte[] uid, int uidLength, int firstSector, int sectorCount, byte[] buffer, int offset)
        {
            FailedSector = -1;
            if (buffer == null || firstSector < 0 || sectorCount < 0 || firstSector + sectorCount > MifareClassic.SectorCount
                || offset < 0 || offset + sectorCount * DataBytesPerSector > buffer.Length)
            {
                return ReaderResult.InvalidArgument;
            }

            for (int s = 0; s < sectorCount; s++)
            {
                int sector = firstSector + s;
                MifareKeyType keyType;
                if (!_keys.GetKey(uid, uidLength, sector, _key, out keyType))
                {
                    FailedSector = sector;
                    return ReaderResult.InvalidArgument;
                }

                ReaderResult result = _reader.Authenticate(sector, keyType, _key);
                if (result != ReaderResult.Ok)
                {
                    FailedSector = sector;
                    return result;
                }

                for (int b = 0; b < DataBlocksPerSector; b++)
                {
                    result = _reader.ReadBlock(MifareClassic.FirstBlock(sector) + b, buffer, offset + (s * DataBlocksPerSector + b) * MifareClassic.BlockSize);
                    if (result != ReaderResult.Ok)
                    {
                        FailedSector = sector;
                        return result;
                    }
                }
            }

            return ReaderResult.Ok;
        }
    }
}
