using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// Arithmetic modulo p = 2^255 - 19 on field elements held as int[10]: limbs of 26, 25, 26, 25, ... bits
    /// (radix 2^25.5), so a limb product fits in a long with room for the 19-fold reduction and sums of ten terms.
    ///
    /// Representation invariant ("carried"): every result of Mul, Square, Carry, FromBytes and Reduce has limbs in
    /// [0, 2^26) (even index) / [0, 2^25) (odd index), except limb 1 which takes the last carry and may leave its
    /// range by at most 2^17 either way. Add and Sub do not carry;
    /// Mul and Square accept inputs whose limb magnitudes are at most a and b times the carried bound with
    /// a * b ≤ 16 (the worst limb sum is then 124.5 * 16 * 2^52 &lt; 2^63). The group formulas in
    /// <see cref="EdwardsCurve"/> stay within a * b ≤ 12.
    ///
    /// Every Mul and Square increments <see cref="Ed25519.FieldMultiplications"/>, the cost metric on the device.
    /// </summary>
    public static class Field25519
    {
        /// <summary>Limbs per field element.</summary>
        public const int Limbs = 10;

        private const int Mask26 = 0x3FFFFFF;
        private const int Mask25 = 0x1FFFFFF;

        /// <summary>d = -121665/121666, the curve constant of edwards25519.</summary>
        public static readonly int[] D = { 0x35978A3, 0x0D37284, 0x3156EBD, 0x06A0A0E, 0x001C029, 0x179E898, 0x3A03CBB, 0x1CE7198, 0x2E2B6FF, 0x1480DB3 };

        /// <summary>2d, used by the addition formulas.</summary>
        public static readonly int[] D2 = { 0x2B2F159, 0x1A6E509, 0x22ADD7A, 0x0D4141D, 0x0038052, 0x0F3D130, 0x3407977, 0x19CE331, 0x1C56DFF, 0x0901B67 };

        /// <summary>A square root of -1 (2^((p-1)/4)).</summary>
        public static readonly int[] SqrtMinusOne = { 0x20EA0B0, 0x186C9D2, 0x08F189D, 0x035697F, 0x0BD0C60, 0x1FBD7A7, 0x2804C9E, 0x1E16569, 0x004FC1D, 0x0AE0C92 };

        public static int[] Create()
        {
            return new int[Limbs];
        }

        public static void Zero(int[] h)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = 0;
            }
        }

        public static void One(int[] h)
        {
            Zero(h);
            h[0] = 1;
        }

        public static void Copy(int[] f, int[] h)
        {
            Array.Copy(f, h, Limbs);
        }

        /// <summary>h = f + g, limb by limb, not carried. (Unrolled: on the interpreter a loop costs half as much again.)</summary>
        public static void Add(int[] f, int[] g, int[] h)
        {
            h[0] = f[0] + g[0];
            h[1] = f[1] + g[1];
            h[2] = f[2] + g[2];
            h[3] = f[3] + g[3];
            h[4] = f[4] + g[4];
            h[5] = f[5] + g[5];
            h[6] = f[6] + g[6];
            h[7] = f[7] + g[7];
            h[8] = f[8] + g[8];
            h[9] = f[9] + g[9];
        }

        /// <summary>h = f - g, limb by limb, not carried (limbs may be negative).</summary>
        public static void Sub(int[] f, int[] g, int[] h)
        {
            h[0] = f[0] - g[0];
            h[1] = f[1] - g[1];
            h[2] = f[2] - g[2];
            h[3] = f[3] - g[3];
            h[4] = f[4] - g[4];
            h[5] = f[5] - g[5];
            h[6] = f[6] - g[6];
            h[7] = f[7] - g[7];
            h[8] = f[8] - g[8];
            h[9] = f[9] - g[9];
        }

        /// <summary>h = -f, limb by limb.</summary>
        public static void Negate(int[] f, int[] h)
        {
            for (int i = 0; i < Limbs; i++)
            {
                h[i] = -f[i];
            }
        }

        /// <summary>Brings h back to carried form (same value mod p).</summary>
        public static void Carry(int[] h)
        {
            long c = 0;
            for (int i = 0; i < Limbs; i++)
            {
                long v = h[i] + c;
                if ((i & 1) == 0)
                {
                    c = v >> 26;
                    h[i] = (int)(v & Mask26);
                }
                else
                {
                    c = v >> 25;
                    h[i] = (int)(v & Mask25);
                }
            }

            long h0 = h[0] + 19 * c;
            h[0] = (int)(h0 & Mask26);
            h[1] += (int)(h0 >> 26);
        }

        /// <summary>h = f * g mod p (h may alias f or g). Counts one field multiplication.</summary>
        public static void Mul(int[] f, int[] g, int[] h)
        {
            Ed25519.FieldMultiplications++;
            long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
            long g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];

            // Limb i sits at 2^ceil(25.5 i): a product of two odd limbs lands one bit above its slot (factor 2), and a
            // product at slot k + 10 wraps to slot k times 19 because 2^255 = 19 mod p.
            long f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;
            long g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5;
            long g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;

            long h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
            long h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
            long h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
            long h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
            long h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
            long h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
            long h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
            long h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
            long h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
            long h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;

            CarryInto(h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h);
        }

        /// <summary>h = f^2 mod p (h may alias f). Counts one field multiplication.</summary>
        public static void Square(int[] f, int[] h)
        {
            Ed25519.FieldMultiplications++;
            long f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4], f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
            long f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
            long f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7, f8_2 = 2 * f8, f9_2 = 2 * f9;
            long f5_19 = 19 * f5, f6_19 = 19 * f6, f7_19 = 19 * f7, f8_19 = 19 * f8, f9_19 = 19 * f9;
            long f7_38 = 38 * f7, f9_38 = 38 * f9;

            // The products of Mul with each cross term f_i f_j (i != j) taken once and doubled.
            long h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5_2 * f5_19;
            long h1 = f0_2 * f1 + f2_2 * f9_19 + f3_2 * f8_19 + f4_2 * f7_19 + f5_2 * f6_19;
            long h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
            long h3 = f0_2 * f3 + f1_2 * f2 + f4_2 * f9_19 + f5_2 * f8_19 + f6_2 * f7_19;
            long h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7_2 * f7_19;
            long h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6_2 * f9_19 + f7_2 * f8_19;
            long h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
            long h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8_2 * f9_19;
            long h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9_2 * f9_19;
            long h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;

            CarryInto(h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h);
        }

        /// <summary>h = f^(2^n) mod p: n squarings.</summary>
        public static void SquareTimes(int[] f, int n, int[] h)
        {
            Square(f, h);
            for (int i = 1; i < n; i++)
            {
                Square(h, h);
            }
        }

        /// <summary>
        /// h = 1/f mod p (0 for f = 0) as f^(p-2): 254 squarings and 11 multiplications. t0..t3 are scratch
        /// elements distinct from f and h; h may alias f.
        /// </summary>
        public static void Invert(int[] f, int[] h, int[] t0, int[] t1, int[] t2, int[] t3)
        {
            // t0 = f^11, t1 = f^(2^250 - 1); then h = t1^(2^5) * f^11 = f^(2^255 - 21).
            PowTwo250MinusOne(f, t0, t1, t2, t3);
            SquareTimes(t1, 5, t1);
            Mul(t1, t0, h);
        }

        /// <summary>
        /// h = f^((p-5)/8) = f^(2^252 - 3), the exponent of the square-root-of-a-ratio in point decoding:
        /// 251 squarings and 11 multiplications. t0..t3 as in <see cref="Invert"/>.
        /// </summary>
        public static void PowP58(int[] f, int[] h, int[] t0, int[] t1, int[] t2, int[] t3)
        {
            PowTwo250MinusOne(f, t0, t1, t2, t3);
            SquareTimes(t1, 2, t1);
            Mul(t1, f, h);
        }

        // elevenths = f^11, result = f^(2^250 - 1); a, b scratch. 249 squarings, 10 multiplications (+1 after).
        private static void PowTwo250MinusOne(int[] f, int[] elevenths, int[] result, int[] a, int[] b)
        {
            Square(f, a);                      // f^2
            SquareTimes(a, 2, b);              // f^8
            Mul(b, f, b);                      // f^9
            Mul(b, a, elevenths);              // f^11
            Square(elevenths, a);              // f^22
            Mul(a, b, a);                      // f^31 = f^(2^5 - 1)
            SquareTimes(a, 5, b);
            Mul(b, a, b);                      // 2^10 - 1
            SquareTimes(b, 10, result);
            Mul(result, b, result);            // 2^20 - 1
            SquareTimes(result, 20, a);
            Mul(a, result, a);                 // 2^40 - 1
            SquareTimes(a, 10, a);
            Mul(a, b, b);                      // 2^50 - 1
            SquareTimes(b, 50, a);
            Mul(a, b, a);                      // 2^100 - 1
            SquareTimes(a, 100, result);
            Mul(result, a, result);            // 2^200 - 1
            SquareTimes(result, 50, result);
            Mul(result, b, result);            // 2^250 - 1
        }

        /// <summary>Decodes 32 little-endian bytes, ignoring bit 255 (the x sign in a point encoding); not reduced mod p.</summary>
        public static void FromBytes(byte[] s, int offset, int[] h)
        {
            h[0] = (int)(Load32(s, offset) & Mask26);
            h[1] = (int)((Load32(s, offset + 3) >> 2) & Mask25);
            h[2] = (int)((Load32(s, offset + 6) >> 3) & Mask26);
            h[3] = (int)((Load32(s, offset + 9) >> 5) & Mask25);
            h[4] = (int)((Load32(s, offset + 12) >> 6) & Mask26);
            h[5] = (int)(Load32(s, offset + 16) & Mask25);
            h[6] = (int)((Load32(s, offset + 19) >> 1) & Mask26);
            h[7] = (int)((Load32(s, offset + 22) >> 3) & Mask25);
            h[8] = (int)((Load32(s, offset + 25) >> 4) & Mask26);
            h[9] = (int)((Load32(s, offset + 28) >> 6) & Mask25);
        }

        /// <summary>True when 32 little-endian bytes, bit 255 ignored, encode a value below p (canonical y).</summary>
        public static bool IsCanonical(byte[] s, int offset)
        {
            // Values >= p are 2^255 - 19 .. 2^255 - 1: top byte 0x7F, bytes 30..1 all 0xFF, byte 0 >= 0xED.
            if ((s[offset + 31] & 0x7F) != 0x7F || s[offset] < 0xED)
            {
                return true;
            }

            for (int i = 1; i < 31; i++)
            {
                if (s[offset + i] != 0xFF)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reduces f in place to its canonical limbs (value in [0, p), each limb within its width).</summary>
        public static void Reduce(int[] f)
        {
            // Carry until no carry leaves the top limb: the value is then in [0, 2^255).
            long top;
            do
            {
                top = 0;
                for (int i = 0; i < Limbs; i++)
                {
                    long v = f[i] + top;
                    int width = 26 - (i & 1);
                    top = v >> width;
                    f[i] = (int)(v - (top << width));
                }

                f[0] = (int)(f[0] + 19 * top);
            }
            while (top != 0);

            // q = 1 exactly when value + 19 >= 2^255, i.e. value >= p; then subtract p = add 19 and drop 2^255.
            long q = (f[0] + 19) >> 26;
            for (int i = 1; i < Limbs; i++)
            {
                q = (f[i] + q) >> (26 - (i & 1));
            }

            long c = 19 * q;
            for (int i = 0; i < Limbs; i++)
            {
                long v = f[i] + c;
                int width = 26 - (i & 1);
                c = v >> width;
                f[i] = (int)(v - (c << width));
            }
        }

        /// <summary>Writes the canonical 32-byte little-endian encoding of f (bit 255 clear); leaves f reduced.</summary>
        public static void ToBytes(int[] f, byte[] s, int offset)
        {
            Reduce(f);
            ulong acc = 0;
            int bits = 0;
            int o = offset;
            for (int i = 0; i < Limbs; i++)
            {
                acc |= (ulong)f[i] << bits;
                bits += 26 - (i & 1);
                while (bits >= 8)
                {
                    s[o++] = (byte)acc;
                    acc >>= 8;
                    bits -= 8;
                }
            }

            s[o] = (byte)acc;
        }

        /// <summary>True when f = 0 mod p; leaves f reduced.</summary>
        public static bool IsZero(int[] f)
        {
            Reduce(f);
            int any = 0;
            for (int i = 0; i < Limbs; i++)
            {
                any |= f[i];
            }

            return any == 0;
        }

        /// <summary>True when the canonical value of f is odd (the "negative" x of RFC 8032); leaves f reduced.</summary>
        public static bool IsOdd(int[] f)
        {
            Reduce(f);
            return (f[0] & 1) != 0;
        }

        private static uint Load32(byte[] s, int offset)
        {
            return s[offset] | ((uint)s[offset + 1] << 8) | ((uint)s[offset + 2] << 16) | ((uint)s[offset + 3] << 24);
        }

        private static void CarryInto(long h0, long h1, long h2, long h3, long h4, long h5, long h6, long h7, long h8, long h9, int[] h)
        {
            long c;
            c = h0 >> 26; h1 += c; h0 -= c << 26;
            c = h1 >> 25; h2 += c; h1 -= c << 25;
            c = h2 >> 26; h3 += c; h2 -= c << 26;
            c = h3 >> 25; h4 += c; h3 -= c << 25;
            c = h4 >> 26; h5 += c; h4 -= c << 26;
            c = h5 >> 25; h6 += c; h5 -= c << 25;
            c = h6 >> 26; h7 += c; h6 -= c << 26;
            c = h7 >> 25; h8 += c; h7 -= c << 25;
            c = h8 >> 26; h9 += c; h8 -= c << 26;
            c = h9 >> 25; h0 += 19 * c; h9 -= c << 25;
            c = h0 >> 26; h1 += c; h0 -= c << 26;
            h[0] = (int)h0;
            h[1] = (int)h1;
            h[2] = (int)h2;
            h[3] = (int)h3;
            h[4] = (int)h4;
            h[5] = (int)h5;
            h[6] = (int)h6;
            h[7] = (int)h7;
            h[8] = (int)h8;
            h[9] = (int)h9;
        }
    }
}
