namespace Terminal.Core.Crypto
{
    /// <summary>
    /// The fixed-base table of the base point B. The default shape (teeth 8, spacing 32: 128 points, 15,360 bytes)
    /// comes from the array initialiser in <see cref="Ed25519BaseTableData"/> (flash, copied to the heap on first
    /// use, no arithmetic at boot); a key table with another spacing gets a base table with teeth 8 and that spacing
    /// built on first use (≈ 4,000–6,500 field multiplications, seconds on the device) and cached.
    /// </summary>
    public static class Ed25519BaseTable
    {
        public const int DefaultTeeth = 8;

        public const int DefaultSpacing = 32;

        /// <summary>y of B = 4/5 and its even x, as carried limbs.</summary>
        private static readonly int[] BaseX = { 0x325D51A, 0x18B5823, 0x0F6592A, 0x104A92D, 0x1A4B31D, 0x1D6DC5C, 0x27118FE, 0x07FD814, 0x13CD6E5, 0x085A4DB };
        private static readonly int[] BaseY = { 0x2666658, 0x1999999, 0x0CCCCCC, 0x1333333, 0x1999999, 0x0666666, 0x3333333, 0x0CCCCCC, 0x2666666, 0x1999999 };

        private static readonly object Sync = new object();
        private static FixedBaseTable _default;
        private static FixedBaseTable _other;

        /// <summary>The base table for key tables of the given spacing (null when the spacing is out of range).</summary>
        public static FixedBaseTable ForSpacing(int spacing)
        {
            lock (Sync)
            {
                if (spacing == DefaultSpacing)
                {
                    if (_default == null)
                    {
                        _default = FixedBaseTable.FromEntries(DefaultTeeth, DefaultSpacing, Ed25519BaseTableData.Teeth8Spacing32);
                        if (_default == null)
                        {
                            _default = Build(DefaultTeeth, DefaultSpacing);
                        }
                    }

                    return _default;
                }

                if (_other == null || _other.Spacing != spacing)
                {
                    _other = Build(DefaultTeeth, spacing);
                }

                return _other;
            }
        }

        /// <summary>Builds a base table from B (what the embedded data was generated with; also used by its test).</summary>
        public static FixedBaseTable Build(int teeth, int spacing)
        {
            ExtendedPoint b = new ExtendedPoint();
            SetBasePoint(b);
            return FixedBaseTable.Build(b, teeth, spacing, new EdwardsCurve());
        }

        /// <summary>p = B (Z = 1, T = xy).</summary>
        public static void SetBasePoint(ExtendedPoint p)
        {
            Field25519.Copy(BaseX, p.X);
            Field25519.Copy(BaseY, p.Y);
            Field25519.One(p.Z);
            Field25519.Mul(BaseX, BaseY, p.T);
        }
    }
}
