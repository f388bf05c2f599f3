using Terminal.Core.Crypto;
using Terminal.Core.Time;

namespace Terminal.Core.Permits
{
    /// <summary>Outcome of the tier-2 check.</summary>
    public enum TierTwoStatus
    {
        Verified = 0,
        /// <summary>The issuer's signature does not verify: the card was made or altered by someone holding a regional MAC key.</summary>
        SignatureInvalid = 1,
        /// <summary>The record names an issuer key this terminal does not trust (or one for another usage).</summary>
        UnknownKey = 2,
        /// <summary>The issuer key is outside its validity window today.</summary>
        KeyNotValidToday = 3,
        /// <summary>The tier-2 area is shorter than its length fields claim.</summary>
        Malformed = 4,
    }

    /// <summary>
    /// Tier 2: the issuing authority's Ed25519 signature over core record ‖ UID ‖ SHA-512(personal data). Slow on the
    /// device (managed big-number arithmetic), so it runs in the background after the verdict. Reuses its buffers:
    /// one instance per thread.
    /// </summary>
    public sealed class TierTwoVerifier
    {
        private readonly KeyRing _issuerKeys;
        private readonly ISignatureVerifier _verifier;
        private readonly Sha512 _sha = new Sha512();
        private readonly byte[] _hash = new byte[TierTwoLayout.HashLength];
        private readonly byte[] _message = new byte[TierTwoLayout.MaxSignedMessageLength];

        public TierTwoVerifier(KeyRing issuerKeys, ISignatureVerifier verifier)
        {
            _issuerKeys = issuerKeys;
            _verifier = verifier;
        }

        public TierTwoStatus Verify(byte[] core, int coreOffset, byte[] uid, int uidLength, byte[] tierTwo, int tierTwoLength, int issuerKeyId, CivilDate today)
        {
            if (tierTwoLength < TierTwoLayout.PersonalDataOffset || tierTwoLength > tierTwo.Length)
            {
                return TierTwoStatus.Malformed;
            }

            int personalLength = (tierTwo[TierTwoLayout.PersonalDataLengthOffset] << 8) | tierTwo[TierTwoLayout.PersonalDataLengthOffset + 1];
            if (personalLength > tierTwoLength - TierTwoLayout.PersonalDataOffset)
            {
                return TierTwoStatus.Malformed;
            }

            TrustedKey key;
            KeyCheck check = _issuerKeys.Check((uint)issuerKeyId, KeyUsage.CardIssuer, today, out key);
            if (check == KeyCheck.NotValidOnDate)
            {
                return TierTwoStatus.KeyNotValidToday;
            }

            if (check != KeyCheck.Trusted)
            {
                return TierTwoStatus.UnknownKey;
            }

            _sha.Reset();
            _sha.Update(tierTwo, TierTwoLayout.PersonalDataOffset, personalLength);
            _sha.Final(_hash, 0);
            int length = TierTwoLayout.BuildSignedMessage(core, coreOffset, uid, uidLength, _hash, _message);

            _verifier.Begin(key.PublicKey, 0, tierTwo, TierTwoLayout.SignatureOffset);
            _verifier.Update(_message, 0, length);
            return _verifier.End() ? TierTwoStatus.Verified : TierTwoStatus.SignatureInvalid;
        }
    }
}
