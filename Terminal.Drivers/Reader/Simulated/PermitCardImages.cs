using System;
using Terminal.Drivers.Crypto;
using Terminal.Drivers.Reader.Keys;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// Personalises a residence-permit card image the way the issuer does (<see cref="PermitCardLayout"/>): every sector
    /// gets key A diversified from the read master, key B from the issuer's write master, access conditions
    /// <see cref="AccessConditions.PermitData"/>/<see cref="AccessConditions.PermitTrailer"/> (78 77 88); the 96-byte core
    /// record goes into sectors 1-2 and the tier-2 bytes into sectors 3-15. The record formats are the caller's.
    /// </summary>
    public static class PermitCardImages
    {
        public static CardImage Issue(byte[] uid, byte[] coreRecord, byte[] tier2, byte[] readMaster, byte[] writeMaster, IHmacSha256 hmac, bool uidWritable = false)
        {
            if (coreRecord == null || coreRecord.Length != PermitCardLayout.CoreRecordLength)
            {
                throw new ArgumentException("the core record has " + PermitCardLayout.CoreRecordLength + " bytes", nameof(coreRecord));
            }

            tier2 = tier2 ?? new byte[0];
            if (tier2.Length > PermitCardLayout.Tier2Capacity)
            {
                throw new ArgumentException("tier-2 data holds at most " + PermitCardLayout.Tier2Capacity + " bytes", nameof(tier2));
            }

            var builder = new MifareClassicImageBuilder(uid, uidWritable);
            ApplyKeys(builder, uid, readMaster, writeMaster, hmac);
            builder.WriteSectors(PermitCardLayout.CoreRecordFirstSector, coreRecord, 0, coreRecord.Length);
            if (tier2.Length > 0)
            {
                builder.WriteSectors(PermitCardLayout.Tier2FirstSector, tier2, 0, tier2.Length);
            }

            return builder.Build();
        }

        /// <summary>Sets the diversified keys and permit access conditions on all 16 sectors.</summary>
        public static void ApplyKeys(MifareClassicImageBuilder builder, byte[] uid, byte[] readMaster, byte[] writeMaster, IHmacSha256 hmac)
        {
            var diversifier = new SectorKeyDiversifier(hmac);
            var keyA = new byte[MifareClassic.KeyLength];
            var keyB = new byte[MifareClassic.KeyLength];
            for (int sector = 0; sector < MifareClassic.SectorCount; sector++)
            {
                if (!diversifier.DeriveKey(readMaster, MifareKeyType.KeyA, uid, uid.Length, sector, keyA, 0)
                    || !diversifier.DeriveKey(writeMaster, MifareKeyType.KeyB, uid, uid.Length, sector, keyB, 0))
                {
                    throw new ArgumentException("masters must have at least " + SectorKeyDiversifier.MinimumMasterKeyLength + " bytes and the UID 4 or 7");
                }

                builder.SetSectorKeys(sector, keyA, keyB, AccessConditions.PermitData, AccessConditions.PermitTrailer);
            }
        }
    }
}
