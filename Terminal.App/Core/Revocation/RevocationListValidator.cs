using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Full structural check of a list file (not its signature): header, length, zero padding, every block, every
    /// entry, and the index against the blocks. A file that passes decodes to exactly one set, and re-encoding that
    /// set with the same header gives the same bytes.
    /// </summary>
    public static class RevocationListValidator
    {
        public static RevocationError Validate(IStoredFile file, out RevocationListHeader header)
        {
            header = null;
            RevocationList list;
            RevocationError error = RevocationList.Open(file, out list);
            if (error != RevocationError.None)
            {
                return error;
            }

            header = list.Header;
            byte[] block = new byte[header.BlockSize];
            if (file.Read(0, block, 0, block.Length) != block.Length)
            {
                return RevocationError.StorageError;
            }

            for (int i = RevocationListHeader.Length; i < block.Length; i++)
            {
                if (block[i] != 0)
                {
                    return RevocationError.NonCanonicalPadding;
                }
            }

            int perIndexBlock = header.KeysPerIndexBlock;
            int keyBytes = header.KeyBytes;
            long loadedIndexBlock = -1;
            RevocationListCursor cursor = new RevocationListCursor(file, header);
            while (cursor.MoveNext())
            {
                if (!cursor.StartsBlock)
                {
                    continue;
                }

                long indexBlock = cursor.BlockIndex / perIndexBlock;
                int slot = (int)(cursor.BlockIndex % perIndexBlock);
                if (indexBlock != loadedIndexBlock)
                {
                    if (file.Read(header.IndexBlockPosition(indexBlock), block, 0, block.Length) != block.Length)
                    {
                        return RevocationError.StorageError;
                    }

                    if (LittleEndian.ReadUInt32(block, 0) != Crc32.Compute(block, 4, block.Length - 4))
                    {
                        return RevocationError.BlockChecksum;
                    }

                    loadedIndexBlock = indexBlock;
                }

                if (LittleEndian.ReadUnsigned(block, RevocationListHeader.IndexBlockFixedBytes + slot * keyBytes, keyBytes) != cursor.Key)
                {
                    return RevocationError.IndexMismatch;
                }
            }

            if (cursor.Error != RevocationError.None)
            {
                return cursor.Error;
            }

            if (header.DataBlockCount > 0)
            {
                // The unused slots and tail of the last index block must be zero.
                int used = (int)((header.DataBlockCount - 1) % perIndexBlock) + 1;
                for (int i = RevocationListHeader.IndexBlockFixedBytes + used * keyBytes; i < block.Length; i++)
                {
                    if (block[i] != 0)
                    {
                        return RevocationError.NonCanonicalPadding;
                    }
                }

                // Every full index block's tail (after its last slot) must be zero as well.
                for (long indexBlock = 0; indexBlock + 1 < header.IndexBlockCount; indexBlock++)
                {
                    if (file.Read(header.IndexBlockPosition(indexBlock), block, 0, block.Length) != block.Length)
                    {
                        return RevocationError.StorageError;
                    }

                    for (int i = RevocationListHeader.IndexBlockFixedBytes + perIndexBlock * keyBytes; i < block.Length; i++)
                    {
                        if (block[i] != 0)
                        {
                            return RevocationError.NonCanonicalPadding;
                        }
                    }
                }
            }

            return RevocationError.None;
        }
    }
}
