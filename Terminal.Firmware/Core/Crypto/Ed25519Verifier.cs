namespace Terminal.Core.Crypto
{
    /// <summary>Outcome of the last verification, for diagnostics (End() only says true or false).</summary>
    public enum Ed25519VerifyResult
    {
        /// <summary>No verification begun since construction.</summary>
        NotStarted = 0,

        /// <summary>Begun; End not called yet.</summary>
        InProgress = 1,

        Valid = 2,

        /// <summary>A null array or a range outside its array was passed to Begin or Update.</summary>
        InvalidArguments = 3,

        /// <summary>The public key is invalid (see <see cref="Ed25519PublicKey.Status"/>).</summary>
        InvalidKey = 4,

        /// <summary>S ≥ L (RFC 8032 5.1.7 step 1: reject).</summary>
        NonCanonicalS = 5,

        /// <summary>R is not the canonical encoding of a curve point (RFC 8032 5.1.7 step 1: reject).</summary>
        InvalidR = 6,

        /// <summary>[8]([S]B - [k]A - R) is not the identity: wrong key, message or signature.</summary>
        Mismatch = 7,

        /// <summary>Raw key bytes matched no provisioned key and the verifier does not expand unknown keys.</summary>
        UnknownKey = 8,
    }

    /// <summary>
    /// Streaming Ed25519 (RFC 8032, pure Ed25519) verification: k = SHA-512(R ‖ A ‖ M) is hashed as the message
    /// arrives, then End checks the cofactored group equation [8][S]B = [8]R + [8][k]A of RFC 8032 5.1.7, with S &lt; L,
    /// R canonical and on the curve, and A fully validated (<see cref="Ed25519PublicKey"/>). BouncyCastle 2.7.0's
    /// Ed25519.Verify checks the same equation; it accepts keys with a torsion component, which are refused here.
    ///
    /// Both multiples use fixed-base comb tables with shared doublings: B's table (static) and the key's table
    /// (built once per key). With the default tables a verification costs 967–968 field multiplications
    /// (<see cref="Ed25519.FieldMultiplications"/>): 275–276 to decode R (in Begin), 665 for [S]B - [k]A, 27 for
    /// subtracting R and the three doublings.
    ///
    /// Begin with raw key bytes looks the key up among the provisioned keys given to the constructor, then (unless
    /// the verifier was made with expandUnknownKeys false) in a one-key cache where a new key is expanded: 4,731 field
    /// multiplications, seconds on the device, so a terminal should provision its issuer keys and refuse others.
    /// Nothing is allocated by Begin/Update/End with a known key. Never throws: any bad input makes End return
    /// false, with the reason in <see cref="LastResult"/>. One instance per thread.
    /// </summary>
    public sealed class Ed25519Verifier : ISignatureVerifier
    {
        private readonly Ed25519PublicKey[] _provisioned;
        private readonly bool _expandUnknownKeys;
        private Ed25519PublicKey _cached;

        private readonly Sha512 _sha = new Sha512();
        private readonly EdwardsCurve _curve = new EdwardsCurve();
        private readonly ExtendedPoint _point = new ExtendedPoint();
        private readonly int[] _precomputedR = new int[EdwardsCurve.NielsInts];
        private readonly byte[] _hash = new byte[Sha512.HashSize];
        private readonly uint[] _s = new uint[Scalar25519.Words];
        private readonly uint[] _k = new uint[Scalar25519.Words];
        private readonly uint[] _recoded = new uint[FixedBaseTable.RecodedWords];
        private readonly long[] _reduceScratch = new long[Scalar25519.ReduceScratchLongs];
        private int[] _baseDigits = new int[0];
        private int[] _keyDigits = new int[0];

        private Ed25519PublicKey _key;
        private Ed25519VerifyResult _state = Ed25519VerifyResult.NotStarted;

        /// <summary>A verifier without provisioned keys (raw keys go through the one-key cache).</summary>
        public Ed25519Verifier()
            : this(null, true)
        {
        }

        /// <summary>A verifier that finds raw keys among these prebuilt keys first, then in the one-key cache.</summary>
        public Ed25519Verifier(Ed25519PublicKey[] provisionedKeys)
            : this(provisionedKeys, true)
        {
        }

        /// <summary>
        /// A verifier that finds raw keys among these prebuilt keys (the array is kept, not copied); with
        /// expandUnknownKeys false any other raw key fails with <see cref="Ed25519VerifyResult.UnknownKey"/>.
        /// </summary>
        public Ed25519Verifier(Ed25519PublicKey[] provisionedKeys, bool expandUnknownKeys)
        {
            _provisioned = provisionedKeys == null ? new Ed25519PublicKey[0] : provisionedKeys;
            _expandUnknownKeys = expandUnknownKeys;
        }

        /// <summary>Why the last End returned what it did (or InProgress/NotStarted).</summary>
        public Ed25519VerifyResult LastResult { get { return _state; } }

        /// <summary>Starts a verification with a raw 32-byte public key and a 64-byte signature R ‖ S.</summary>
        public void Begin(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset)
        {
            _key = null;
            if (publicKey == null || publicKeyOffset < 0 || publicKeyOffset > publicKey.Length - Ed25519.PublicKeySize
                || signature == null || signatureOffset < 0 || signatureOffset > signature.Length - Ed25519.SignatureSize)
            {
                _state = Ed25519VerifyResult.InvalidArguments;
                return;
            }

            Ed25519PublicKey key = FindKey(publicKey, publicKeyOffset);
            if (key == null)
            {
                _state = Ed25519VerifyResult.UnknownKey;
                return;
            }

            Begin(key, signature, signatureOffset);
        }

        /// <summary>Starts a verification with a prebuilt key (no table work) and a 64-byte signature R ‖ S.</summary>
        public void Begin(Ed25519PublicKey key, byte[] signature, int signatureOffset)
        {
            _key = key;
            _sha.Reset();
            if (key == null || signature == null || signatureOffset < 0 || signatureOffset > signature.Length - Ed25519.SignatureSize)
            {
                _state = Ed25519VerifyResult.InvalidArguments;
                return;
            }

            if (!key.IsValid)
            {
                _state = Ed25519VerifyResult.InvalidKey;
                return;
            }

            if (!Scalar25519.IsCanonical(signature, signatureOffset + 32))
            {
                _state = Ed25519VerifyResult.NonCanonicalS;
                return;
            }

            // R is decoded here, so a bad R is refused before a long message is hashed.
            if (_curve.Decode(signature, signatureOffset, _point) != PointDecodeResult.Ok)
            {
                _state = Ed25519VerifyResult.InvalidR;
                return;
            }

            _curve.ToNiels(_point, _precomputedR, 0);
            Scalar25519.FromBytes(signature, signatureOffset + 32, _s);
            _sha.Update(signature, signatureOffset, 32);
            _sha.Update(key.Encoded, 0, Ed25519.PublicKeySize);
            _state = Ed25519VerifyResult.InProgress;
        }

        /// <summary>Feeds the next chunk of the message (ignored once the verification has already failed).</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (_state != Ed25519VerifyResult.InProgress)
            {
                return;
            }

            if (data == null || offset < 0 || count < 0 || offset > data.Length - count)
            {
                _state = Ed25519VerifyResult.InvalidArguments;
                return;
            }

            _sha.Update(data, offset, count);
        }

        /// <summary>True only if the signature is valid for the key and everything fed since Begin.</summary>
        public bool End()
        {
            if (_state != Ed25519VerifyResult.InProgress)
            {
                _key = null; // keeps the failure reason (or NotStarted / the previous result) in _state
                return false;
            }

            _sha.Final(_hash, 0);
            Scalar25519.ReduceWide(_hash, 0, _k, _reduceScratch);

            FixedBaseTable baseTable = _key.BaseTable;
            FixedBaseTable keyTable = _key.Table;
            if (_baseDigits.Length < baseTable.DigitCount)
            {
                _baseDigits = new int[baseTable.DigitCount];
            }

            if (_keyDigits.Length < keyTable.DigitCount)
            {
                _keyDigits = new int[keyTable.DigitCount];
            }

            baseTable.RecodeScalar(_s, _recoded, _baseDigits);
            keyTable.RecodeScalar(_k, _recoded, _keyDigits);
            FixedBaseTable.MultiplyJoint(baseTable, _baseDigits, keyTable, _keyDigits, true, true, _point, _curve);

            // [8]([S]B - [k]A - R) = O: the cofactor clears any torsion component of R.
            _curve.AddNiels(_point, _precomputedR, 0, true, false);
            _curve.Double(_point, _point, false);
            _curve.Double(_point, _point, false);
            _curve.Double(_point, _point, false);
            bool valid = _curve.IsIdentity(_point);

            _key = null;
            _state = valid ? Ed25519VerifyResult.Valid : Ed25519VerifyResult.Mismatch;
            return valid;
        }

        /// <summary>One-shot verification of a message held in memory.</summary>
        public bool Verify(Ed25519PublicKey key, byte[] signature, int signatureOffset, byte[] message, int offset, int count)
        {
            Begin(key, signature, signatureOffset);
            Update(message, offset, count);
            return End();
        }

        // A provisioned key, else the cached or a newly expanded one (null when unknown keys are not expanded).
        private Ed25519PublicKey FindKey(byte[] publicKey, int offset)
        {
            for (int i = 0; i < _provisioned.Length; i++)
            {
                if (_provisioned[i] != null && _provisioned[i].Matches(publicKey, offset))
                {
                    return _provisioned[i];
                }
            }

            if (!_expandUnknownKeys)
            {
                return null;
            }

            if (_cached == null || !_cached.Matches(publicKey, offset))
            {
                _cached = Ed25519PublicKey.Create(publicKey, offset);
            }

            return _cached;
        }
    }
}
