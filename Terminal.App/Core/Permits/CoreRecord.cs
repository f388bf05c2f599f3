using Terminal.Core.Revocation;
using Terminal.Core.Time;

namespace Terminal.Core.Permits
{
    /// <summary>
    /// The part of a permit card read on every tap: everything the verdict needs (第八、十二、十三条), no personal data.
    /// Mutable so that one instance is reused for every tap (no allocation on the hot path).
    /// Byte layout: README.md beside this file.
    /// </summary>
    public sealed class CoreRecord
    {
        /// <summary>证件编号: 0..999999999999 (shown as 12 decimal digits).</summary>
        public long PermitNumber;

        /// <summary>Card generation, 0..15: increments on 补领/换领 (第十二条); older generations are revoked.</summary>
        public int Generation;

        /// <summary>签发机关: GB/T 2260 administrative division code of the issuing county-level public-security organ (第十三条).</summary>
        public int IssuingAuthorityCode;

        /// <summary>签发日期: anchor of the annual endorsement (第十五条).</summary>
        public CivilDate IssueDate;

        /// <summary>有效期限: last day of validity, inclusive (第十六条).</summary>
        public CivilDate ValidityEnd;

        /// <summary>签注: last day covered by the latest endorsement, inclusive (第十五条).</summary>
        public CivilDate EndorsedThrough;

        /// <summary>居住期限起算日: start of the continuous residence period (第十七条).</summary>
        public CivilDate ResidenceStart;

        /// <summary>Id of the issuing authority's Ed25519 key that signed the tier-2 signature.</summary>
        public int IssuerKeyId;

        /// <summary>Id of the regional verification master key the tier-1 MAC was derived from.</summary>
        public int MacKeyId;

        /// <summary>Length of the tier-2 area (signature + personal data) in 16-byte blocks.</summary>
        public int TierTwoBlocks;

        /// <summary>Card instance key for the revocation list (<see cref="Revocation.CardKey"/>).</summary>
        public ulong CardKey
        {
            get { return Revocation.CardKey.From((ulong)PermitNumber, Generation); }
        }

        public void CopyFrom(CoreRecord other)
        {
            PermitNumber = other.PermitNumber;
            Generation = other.Generation;
            IssuingAuthorityCode = other.IssuingAuthorityCode;
            IssueDate = other.IssueDate;
            ValidityEnd = other.ValidityEnd;
            EndorsedThrough = other.EndorsedThrough;
            ResidenceStart = other.ResidenceStart;
            IssuerKeyId = other.IssuerKeyId;
            MacKeyId = other.MacKeyId;
            TierTwoBlocks = other.TierTwoBlocks;
        }
    }
}
