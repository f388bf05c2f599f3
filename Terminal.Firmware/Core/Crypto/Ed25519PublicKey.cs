namespace Terminal.Core.Crypto
{
    /// <summary>Why a public key was refused (or Valid).</summary>
    public enum Ed25519KeyStatus
    {
        Valid = 0,

        /// <summary>Null array or fewer than 32 bytes at the offset.</summary>
        InvalidArguments = 1,

        /// <summary>y &gt;= p, or x = 0 with the sign bit set.</summary>
        NonCanonical = 2,

        NotOnCurve = 3,

        /// <summary>One of the 8 points of order 1, 2, 4 or 8: anyone could sign for it.</summary>
        SmallOrder = 4,

        /// <summary>On the curve but with a torsion component: [L]A is not the identity.</summary>
        NotPrimeOrder = 5,

        /// <summary>Teeth outside 1..8 or spacing outside 1..64.</summary>
        InvalidTableShape = 6,
    }

    /// <summary>
    /// An issuer's Ed25519 public key, decoded, validated and expanded into its fixed-base table once (at
    /// provisioning or boot), then shared read-only by any number of verifications and threads.
    ///
    /// Validation is full: canonical encoding, on the curve, not of small order and of prime order L (a key with a
    /// torsion component is refused; BouncyCastle's Ed25519.ValidatePublicKeyFull applies the same rules).
    /// Creation never throws: an invalid key has <see cref="IsValid"/> false and a <see cref="Status"/>.
    ///
    /// Cost of creation with the default shape (teeth 8, spacing 32): 275 (decode) + 21 (small order) + 3,995
    /// (table) + 440 (prime order) = 4,731 field multiplications; table 15,360 bytes.
    /// </summary>
    public sealed class Ed25519PublicKey
    {
        public const int DefaultTeeth = Ed25519BaseTable.DefaultTeeth;

        public const int DefaultSpacing = Ed25519BaseTable.DefaultSpacing;

        private readonly byte[] _encoded = new byte[Ed25519.PublicKeySize];
        private readonly Ed25519KeyStatus _status;
        private readonly FixedBaseTable _table;
        private readonly FixedBaseTable _baseTable;

        private Ed25519PublicKey(byte[] key, int offset, int teeth, int spacing)
        {
            if (key == null || offset < 0 || offset > key.Length - Ed25519.PublicKeySize)
            {
                _status = Ed25519KeyStatus.InvalidArguments;
                return;
            }

            for (int i = 0; i < Ed25519.PublicKeySize; i++)
            {
                _encoded[i] = key[offset + i];
            }

            if (!FixedBaseTable.IsValidShape(teeth, spacing))
            {
                _status = Ed25519KeyStatus.InvalidTableShape;
                return;
            }

            EdwardsCurve curve = new EdwardsCurve();
            ExtendedPoint a = new ExtendedPoint();
            PointDecodeResult decoded = curve.Decode(_encoded, 0, a);
            if (decoded != PointDecodeResult.Ok)
            {
                _status = decoded == PointDecodeResult.NonCanonical ? Ed25519KeyStatus.NonCanonical : Ed25519KeyStatus.NotOnCurve;
                return;
            }

            ExtendedPoint eightA = new ExtendedPoint();
            curve.Double(a, eightA, false);
            curve.Double(eightA, eightA, false);
            curve.Double(eightA, eightA, false);
            if (curve.IsIdentity(eightA))
            {
                _status = Ed25519KeyStatus.SmallOrder;
                return;
            }

            FixedBaseTable table = FixedBaseTable.Build(a, teeth, spacing, curve);
            uint[] m = new uint[FixedBaseTable.RecodedWords];
            int[] digits = new int[table.DigitCount];
            table.RecodeOrder(m, digits);
            FixedBaseTable.MultiplyJoint(table, digits, null, null, false, false, eightA, curve);
            if (!curve.IsIdentity(eightA))
            {
                _status = Ed25519KeyStatus.NotPrimeOrder;
                return;
            }

            _baseTable = Ed25519BaseTable.ForSpacing(spacing);
            _table = table;
            _status = Ed25519KeyStatus.Valid;
        }

        /// <summary>Decodes and expands a key with the default table shape (teeth 8, spacing 32).</summary>
        public static Ed25519PublicKey Create(byte[] key, int offset)
        {
            return new Ed25519PublicKey(key, offset, DefaultTeeth, DefaultSpacing);
        }

        /// <summary>
        /// Decodes and expands a key with a chosen table shape: Combs = ceil(253 / (teeth * spacing)) combs of
        /// 2^(teeth-1) points, 120 bytes each. With spacing 32: teeth 8 → 15,360 bytes, teeth 4 → 1,920 bytes
        /// (2 combs), teeth 2 → 480 bytes (4 combs); a spacing other than 32 also builds a matching base table.
        /// </summary>
        public static Ed25519PublicKey Create(byte[] key, int offset, int teeth, int spacing)
        {
            return new Ed25519PublicKey(key, offset, teeth, spacing);
        }

        public Ed25519KeyStatus Status { get { return _status; } }

        public bool IsValid { get { return _status == Ed25519KeyStatus.Valid; } }

        /// <summary>Bytes of this key's table (0 when invalid).</summary>
        public int TableBytes { get { return _table == null ? 0 : _table.SizeBytes; } }

        /// <summary>The key's fixed-base table (null when invalid).</summary>
        public FixedBaseTable Table { get { return _table; } }

        /// <summary>The base point's table with the same spacing (null when invalid).</summary>
        public FixedBaseTable BaseTable { get { return _baseTable; } }

        /// <summary>True when key[offset..offset+32) are this key's 32 bytes (false on a bad range).</summary>
        public bool Matches(byte[] key, int offset)
        {
            if (key == null || offset < 0 || offset > key.Length - Ed25519.PublicKeySize)
            {
                return false;
            }

            for (int i = 0; i < Ed25519.PublicKeySize; i++)
            {
                if (key[offset + i] != _encoded[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The 32 encoded bytes (A in the hash R ‖ A ‖ M); do not modify.</summary>
        internal byte[] Encoded { get { return _encoded; } }
    }
}
