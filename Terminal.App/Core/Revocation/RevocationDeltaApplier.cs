using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Rebuilds the target list of a delta from its base list, streaming: the base is read in key order one block at a
    /// time, removals (base ranks) and additions (keys with payloads) are read from the delta through small buffers,
    /// and the merged entries go through the same deterministic <see cref="RevocationListWriter"/> the platform used.
    /// The caller verifies the delta's signature before, and the output's (the target list's) signature after.
    /// </summary>
    public static class RevocationDeltaApplier
    {
        private const int DeltaBufferBytes = 256;

        public static RevocationError Apply(IStoredFile deltaFile, RevocationDeltaHeader delta, IStoredFile baseFile,
            RevocationListHeader baseHeader, IStoredFile output)
        {
            RevocationListHeader target = delta.Target;
            if ((long)baseHeader.EntryCount - delta.RemoveCount + delta.AddCount != target.EntryCount || delta.RemoveCount > baseHeader.EntryCount)
            {
                return RevocationError.EntryCountMismatch;
            }

            FileBitReader removes = new FileBitReader(deltaFile, delta.RemovesPosition, delta.RemovesBytes, DeltaBufferBytes);
            FileBitReader adds = new FileBitReader(deltaFile, delta.AddsPosition, delta.AddsBytes, DeltaBufferBytes);
            RevocationListWriter writer = new RevocationListWriter(output, target);
            RevocationError error = writer.Begin();
            if (error != RevocationError.None)
            {
                return error;
            }

            uint removesLeft = delta.RemoveCount;
            ulong nextRemove = 0;
            if (removesLeft > 0 && !removes.ReadRice(delta.RemoveRiceParameter, out nextRemove))
            {
                return Corrupt(removes);
            }

            uint addsLeft = delta.AddCount;
            ulong addKey = 0;
            int addReason = 0;
            int addDay = 0;
            bool haveAdd = false;
            if (addsLeft > 0)
            {
                error = ReadAdd(adds, delta, true, ref addKey, out addReason, out addDay);
                if (error != RevocationError.None)
                {
                    return error;
                }

                haveAdd = true;
                addsLeft--;
            }

            RevocationListCursor cursor = new RevocationListCursor(baseFile, baseHeader);
            while (cursor.MoveNext())
            {
                if (removesLeft > 0 && (ulong)cursor.Rank == nextRemove)
                {
                    removesLeft--;
                    if (removesLeft > 0)
                    {
                        ulong gap;
                        if (!removes.ReadRice(delta.RemoveRiceParameter, out gap))
                        {
                            return Corrupt(removes);
                        }

                        if (gap >= baseHeader.EntryCount)
                        {
                            return RevocationError.DeltaConflict;
                        }

                        nextRemove += gap + 1;
                    }

                    continue;
                }

                while (haveAdd && addKey <= cursor.Key)
                {
                    if (addKey == cursor.Key)
                    {
                        return RevocationError.DeltaConflict;
                    }

                    error = WriteAdd(writer, adds, delta, ref addKey, ref addReason, ref addDay, ref addsLeft, ref haveAdd);
                    if (error != RevocationError.None)
                    {
                        return error;
                    }
                }

                error = writer.Add(cursor.Key, cursor.ReasonCode, cursor.EffectiveDay);
                if (error != RevocationError.None)
                {
                    return error;
                }
            }

            if (cursor.Error != RevocationError.None)
            {
                return cursor.Error;
            }

            if (removesLeft > 0)
            {
                return RevocationError.DeltaConflict;
            }

            while (haveAdd)
            {
                error = WriteAdd(writer, adds, delta, ref addKey, ref addReason, ref addDay, ref addsLeft, ref haveAdd);
                if (error != RevocationError.None)
                {
                    return error;
                }
            }

            if (!removes.IsAtCanonicalEnd() || !adds.IsAtCanonicalEnd())
            {
                return RevocationError.NonCanonicalPadding;
            }

            error = writer.Finish();
            if (error != RevocationError.None)
            {
                return error;
            }

            if (writer.DataBlockCount != target.DataBlockCount || writer.IndexBlockCount != target.IndexBlockCount || writer.EntryCount != target.EntryCount)
            {
                return RevocationError.EntryCountMismatch;
            }

            byte[] signature = new byte[RevocationListHeader.SignatureLength];
            if (deltaFile.Read(delta.TargetSignaturePosition, signature, 0, signature.Length) != signature.Length)
            {
                return RevocationError.StorageError;
            }

            return output.Write(target.SignedLength, signature, 0, signature.Length) ? RevocationError.None : RevocationError.StorageFull;
        }

        private static RevocationError WriteAdd(RevocationListWriter writer, FileBitReader adds, RevocationDeltaHeader delta,
            ref ulong addKey, ref int addReason, ref int addDay, ref uint addsLeft, ref bool haveAdd)
        {
            RevocationError error = writer.Add(addKey, addReason, addDay);
            if (error != RevocationError.None)
            {
                return error;
            }

            if (addsLeft == 0)
            {
                haveAdd = false;
                return RevocationError.None;
            }

            addsLeft--;
            return ReadAdd(adds, delta, false, ref addKey, out addReason, out addDay);
        }

        /// <summary>Reads the next addition: a Rice-coded key gap (the first key is coded as itself) and its payload.</summary>
        private static RevocationError ReadAdd(FileBitReader adds, RevocationDeltaHeader delta, bool first, ref ulong key,
            out int reasonCode, out int effectiveDay)
        {
            reasonCode = 0;
            effectiveDay = 0;
            ulong gap;
            ulong payload;
            if (!adds.ReadRice(delta.AddRiceParameter, out gap) || !adds.ReadBits(delta.Target.PayloadBits, out payload))
            {
                return Corrupt(adds);
            }

            ulong universe = delta.Target.Universe;
            if (first)
            {
                if (gap >= universe)
                {
                    return RevocationError.KeyOutOfUniverse;
                }

                key = gap;
            }
            else
            {
                if (gap >= universe - key - 1)
                {
                    return RevocationError.KeyOutOfUniverse;
                }

                key = key + gap + 1;
            }

            reasonCode = (int)(payload & 7);
            effectiveDay = delta.Target.DateBase + (int)(payload >> RevocationListHeader.ReasonBits);
            return RevocationError.None;
        }

        private static RevocationError Corrupt(FileBitReader reader)
        {
            return reader.StorageFailed ? RevocationError.StorageError : RevocationError.CorruptBlock;
        }
    }
}
