namespace Terminal.Core.Crypto
{
    /// <summary>
    /// Integers modulo the group order L = 2^252 + 27742317777372353535851937790883648493, held as uint[8]
    /// little-endian 32-bit words: the canonical-S check, the reduction of the 64-byte SHA-512 output, and the
    /// few modular steps the comb recoding needs.
    /// </summary>
    public static class Scalar25519
    {
        public const int Words = 8;

        /// <summary>Scratch longs <see cref="ReduceWide"/> needs.</summary>
        public const int ReduceScratchLongs = 25;

        /// <summary>L as little-endian words.</summary>
        public static readonly uint[] Order = { 0x5CF5D3EDU, 0x5812631AU, 0xA2F79CD6U, 0x14DEF9DEU, 0, 0, 0, 0x10000000U };

        // L - 2^252 in 21-bit limbs: 2^252 = -C (mod L) folds the limbs at and above bit 252 (limb 12) down.
        private static readonly long[] C21 = { 0x15D3ED, 0x18D2E7, 0x160498, 0x0F39AC, 0x1DEA2F, 0x0A6F7C };

        private const int Mask21 = 0x1FFFFF;

        /// <summary>Reads 32 little-endian bytes.</summary>
        public static void FromBytes(byte[] s, int offset, uint[] n)
        {
            for (int i = 0; i < Words; i++)
            {
                int p = offset + 4 * i;
                n[i] = s[p] | ((uint)s[p + 1] << 8) | ((uint)s[p + 2] << 16) | ((uint)s[p + 3] << 24);
            }
        }

        /// <summary>True when the 32 little-endian bytes encode a value below L (RFC 8032 requires 0 ≤ S &lt; L).</summary>
        public static bool IsCanonical(byte[] s, int offset)
        {
            for (int i = Words - 1; i >= 0; i--)
            {
                int p = offset + 4 * i;
                uint w = s[p] | ((uint)s[p + 1] << 8) | ((uint)s[p + 2] << 16) | ((uint)s[p + 3] << 24);
                if (w != Order[i])
                {
                    return w < Order[i];
                }
            }

            return false;
        }

        /// <summary>a &gt;= b over the first <paramref name="words"/> words.</summary>
        public static bool GreaterOrEqual(uint[] a, uint[] b, int words)
        {
            for (int i = words - 1; i >= 0; i--)
            {
                if (a[i] != b[i])
                {
                    return a[i] > b[i];
                }
            }

            return true;
        }

        /// <summary>r = a + b over 8 words, returning the carry out.</summary>
        public static uint Add(uint[] a, uint[] b, uint[] r)
        {
            ulong carry = 0;
            for (int i = 0; i < Words; i++)
            {
                carry += (ulong)a[i] + b[i];
                r[i] = (uint)carry;
                carry >>= 32;
            }

            return (uint)carry;
        }

        /// <summary>r = a - b over 8 words (two's complement wrap when a &lt; b).</summary>
        public static void Subtract(uint[] a, uint[] b, uint[] r)
        {
            long borrow = 0;
            for (int i = 0; i < Words; i++)
            {
                long v = (long)a[i] - b[i] + borrow;
                r[i] = (uint)v;
                borrow = v >> 32;
            }
        }

        /// <summary>r = (a + b) mod L for a, b &lt; L.</summary>
        public static void AddModOrder(uint[] a, uint[] b, uint[] r)
        {
            Add(a, b, r); // < 2L < 2^254: no carry out
            if (GreaterOrEqual(r, Order, Words))
            {
                Subtract(r, Order, r);
            }
        }

        /// <summary>a = a / 2 mod L in place, for a &lt; L.</summary>
        public static void HalveModOrder(uint[] a)
        {
            if ((a[0] & 1) != 0)
            {
                Add(a, Order, a); // odd + odd L is even, < 2^254
            }

            for (int i = 0; i < Words - 1; i++)
            {
                a[i] = (a[i] >> 1) | (a[i + 1] << 31);
            }

            a[Words - 1] >>= 1;
        }

        /// <summary>
        /// result = the 64 little-endian bytes at input[offset..] mod L (the k = SHA-512(R ‖ A ‖ M) of RFC 8032).
        /// scratch holds at least <see cref="ReduceScratchLongs"/> longs.
        /// </summary>
        public static void ReduceWide(byte[] input, int offset, uint[] result, long[] scratch)
        {
            long[] t = scratch;
            for (int i = 0; i < 25; i++)
            {
                int bit = 21 * i;
                int p = offset + (bit >> 3);
                long v = 0;
                for (int b = 3; b >= 0; b--)
                {
                    v <<= 8;
                    if (p + b < offset + 64)
                    {
                        v |= input[p + b];
                    }
                }

                t[i] = (v >> (bit & 7)) & Mask21;
            }

            // Fold limbs 24..12 (bits 504..252) down with 2^252 = -C. Carrying limbs i-12..i-2 after each fold keeps
            // every limb near 21 bits, and the limb folded next (i-1) below 2^25, so no product leaves a long.
            for (int i = 24; i >= 12; i--)
            {
                long v = t[i];
                t[i] = 0;
                for (int k = 0; k < 6; k++)
                {
                    t[i - 12 + k] -= v * C21[k];
                }

                CarryRange(t, i - 12, i - 2);
            }

            // Limb 11 may still be wide: carry it into a limb 12 and fold that once more (|v| < 2^25, so the low part
            // moves by less than 2^150 and the value ends in (-2^150, 2^252)).
            CarryRange(t, 0, 10);
            long top = t[11] >> 21;
            t[11] -= top << 21;
            for (int k = 0; k < 6; k++)
            {
                t[k] -= top * C21[k];
            }

            CarryRange(t, 0, 10);
            top = t[11] >> 21;
            t[11] -= top << 21;

            // A negative value gets L = 2^252 + C added (top counts units of 2^252).
            while (top < 0)
            {
                for (int k = 0; k < 6; k++)
                {
                    t[k] += C21[k];
                }

                top += 1;
                CarryRange(t, 0, 10);
                long c = t[11] >> 21;
                t[11] -= c << 21;
                top += c;
            }

            ulong acc = 0;
            int bits = 0;
            int w = 0;
            for (int i = 0; i < 13; i++)
            {
                acc |= (ulong)(i < 12 ? t[i] : top) << bits;
                bits += 21;
                if (bits >= 32 && w < Words)
                {
                    result[w++] = (uint)acc;
                    acc >>= 32;
                    bits -= 32;
                }
            }

            while (w < Words)
            {
                result[w++] = (uint)acc;
                acc >>= 32;
            }

            while (GreaterOrEqual(result, Order, Words))
            {
                Subtract(result, Order, result);
            }
        }

        private static void CarryRange(long[] t, int from, int to)
        {
            for (int j = from; j <= to; j++)
            {
                long c = t[j] >> 21;
                t[j] -= c << 21;
                t[j + 1] += c;
            }
        }
    }
}
