using System;

namespace Terminal.Core.Crypto
{
    /// <summary>
    /// Fixed-base precomputation for one point P: a signed comb (Lim–Lee comb with all-±1 digits, as in
    /// Hamburg's "Fast and compact elliptic-curve cryptography").
    ///
    /// A scalar is written with N = Combs * Teeth * Spacing digits e_i = ±1 (N ≥ 253). Comb j, tooth i covers digit
    /// positions j*Teeth*Spacing + i*Spacing + s for s = 0..Spacing-1, so the digits at one s form a Teeth-digit
    /// column whose value is ±(one of 2^(Teeth-1) sums) of the points P_ji = 2^(j*Teeth*Spacing + i*Spacing) P.
    /// The table stores those sums with the top digit +1 (the rest is a negation), affine, as (y+x, y-x, 2dxy).
    /// A scalar multiple then costs Combs additions per column, Spacing columns, and Spacing - 1 doublings, which
    /// two tables with the same Spacing share in <see cref="MultiplyJoint"/>.
    ///
    /// Entries layout: entry u of comb j at ((j &lt;&lt; (Teeth-1)) + u) * 30 ints: y+x, y-x, 2dxy, each 10 canonical limbs.
    /// </summary>
    public sealed class FixedBaseTable
    {
        /// <summary>Bits of a reduced scalar (L &lt; 2^253).</summary>
        public const int ScalarBits = 253;

        /// <summary>Words of a recoded scalar m (N ≤ 253 + 8*64 - 1 bits).</summary>
        public const int RecodedWords = 24;

        public const int MaxTeeth = 8;

        public const int MaxSpacing = 64;

        private static readonly uint[] One = { 1, 0, 0, 0, 0, 0, 0, 0 };

        private readonly int _teeth;
        private readonly int _spacing;
        private readonly int _combs;
        private readonly int[] _entries;

        // (2^N - 1) mod L, added before halving in the recoding.
        private readonly uint[] _recodeOffset = new uint[Scalar25519.Words];

        private FixedBaseTable(int teeth, int spacing, int[] entries)
        {
            _teeth = teeth;
            _spacing = spacing;
            _combs = CombsFor(teeth, spacing);
            _entries = entries;

            uint[] power = _recodeOffset; // 2^N mod L by doubling, then - 1
            power[0] = 1;
            for (int i = 0; i < BitCount; i++)
            {
                Scalar25519.AddModOrder(power, power, power);
            }

            Scalar25519.Subtract(power, One, power); // 2^N mod L is never 0 (L is prime)
        }

        public int Teeth { get { return _teeth; } }

        public int Spacing { get { return _spacing; } }

        public int Combs { get { return _combs; } }

        /// <summary>N: digits of a recoded scalar.</summary>
        public int BitCount { get { return _combs * _teeth * _spacing; } }

        /// <summary>Precomputed points.</summary>
        public int EntryCount { get { return _combs << (_teeth - 1); } }

        /// <summary>Heap bytes of the entries (4 bytes per int, array header not counted).</summary>
        public int SizeBytes { get { return _entries.Length * 4; } }

        /// <summary>Digits a recoded scalar has for this table (Combs * Spacing columns).</summary>
        public int DigitCount { get { return _combs * _spacing; } }

        /// <summary>The raw entries (read-only by convention; exposed for the embedded base table and its test).</summary>
        public int[] Entries { get { return _entries; } }

        /// <summary>True when teeth in 1..8 and spacing in 1..64 (table of Combs * 2^(teeth-1) points).</summary>
        public static bool IsValidShape(int teeth, int spacing)
        {
            return teeth >= 1 && teeth <= MaxTeeth && spacing >= 1 && spacing <= MaxSpacing;
        }

        public static int CombsFor(int teeth, int spacing)
        {
            int perComb = teeth * spacing;
            return (ScalarBits + perComb - 1) / perComb;
        }

        /// <summary>Wraps entries produced earlier by <see cref="Build"/> with the same shape (the embedded base table).</summary>
        public static FixedBaseTable FromEntries(int teeth, int spacing, int[] entries)
        {
            if (!IsValidShape(teeth, spacing) || entries == null
                || entries.Length != (CombsFor(teeth, spacing) << (teeth - 1)) * EdwardsCurve.NielsInts)
            {
                return null;
            }

            return new FixedBaseTable(teeth, spacing, entries);
        }

        /// <summary>
        /// Builds the table of p (p.T must be valid). Returns null for an invalid shape. Cost for teeth 8, spacing 32:
        /// 231 doublings, 134 additions and one batched inversion of 128 points, 3,995 field multiplications.
        /// </summary>
        public static FixedBaseTable Build(ExtendedPoint p, int teeth, int spacing, EdwardsCurve curve)
        {
            if (!IsValidShape(teeth, spacing))
            {
                return null;
            }

            int combs = CombsFor(teeth, spacing);
            int perComb = 1 << (teeth - 1);
            int count = combs * perComb;
            int[] entries = new int[count * EdwardsCurve.NielsInts];

            ExtendedPoint[] teethPoints = new ExtendedPoint[teeth];
            ExtendedPoint[] twiceTeeth = new ExtendedPoint[teeth];
            for (int i = 0; i < teeth; i++)
            {
                teethPoints[i] = new ExtendedPoint();
                twiceTeeth[i] = new ExtendedPoint();
            }

            ExtendedPoint walker = new ExtendedPoint();
            ExtendedPoint sum = new ExtendedPoint();
            walker.CopyFrom(p);

            for (int j = 0; j < combs; j++)
            {
                // P_ji = 2^(j*teeth*spacing + i*spacing) p.
                for (int i = 0; i < teeth; i++)
                {
                    teethPoints[i].CopyFrom(walker);
                    if (j < combs - 1 || i < teeth - 1)
                    {
                        for (int s = 0; s < spacing; s++)
                        {
                            curve.Double(walker, walker, s == spacing - 1);
                        }
                    }
                }

                // Entry 0 has digits -1 for teeth 0..teeth-2 and +1 for the top tooth; flipping digit i of the index
                // adds or subtracts 2 P_ji. A Gray-code walk visits every index with one addition each.
                sum.CopyFrom(teethPoints[teeth - 1]);
                for (int i = 0; i < teeth - 1; i++)
                {
                    curve.Add(sum, teethPoints[i], true, sum);
                    curve.Double(teethPoints[i], twiceTeeth[i], true);
                }

                int baseIndex = j * perComb;
                StoreProjective(sum, entries, baseIndex);
                int index = 0;
                for (int g = 1; g < perComb; g++)
                {
                    int tooth = 0;
                    while (((g >> tooth) & 1) == 0)
                    {
                        tooth++;
                    }

                    index ^= 1 << tooth;
                    curve.Add(sum, twiceTeeth[tooth], ((index >> tooth) & 1) == 0, sum);
                    StoreProjective(sum, entries, baseIndex + index);
                }
            }

            NormalizeAll(entries, count, curve);
            return new FixedBaseTable(teeth, spacing, entries);
        }

        /// <summary>
        /// Recodes scalar (little-endian words, value &lt; L) into this table's column digits (DigitCount ints):
        /// digit = (entry index &lt;&lt; 1) | negate. m (RecodedWords words) is scratch.
        /// </summary>
        public void RecodeScalar(uint[] scalar, uint[] m, int[] digits)
        {
            // sum_i (2 m_i - 1) 2^i = 2m - (2^N - 1), so m = (scalar + 2^N - 1) / 2 mod L makes the digits e_i = 2 m_i - 1
            // represent the scalar mod L.
            for (int i = 0; i < RecodedWords; i++)
            {
                m[i] = 0;
            }

            Scalar25519.AddModOrder(scalar, _recodeOffset, m);
            Scalar25519.HalveModOrder(m);
            DigitsFromBits(m, digits);
        }

        /// <summary>
        /// Recodes the integer L itself (not reduced): a multiplication by it gives the identity exactly when the
        /// point has prime order L (or is the identity). m = (L + 2^N - 1) / 2 = (L - 1) / 2 + 2^(N-1).
        /// </summary>
        public void RecodeOrder(uint[] m, int[] digits)
        {
            for (int i = 0; i < RecodedWords; i++)
            {
                m[i] = i < Scalar25519.Words ? Scalar25519.Order[i] : 0;
            }

            m[0] -= 1;
            for (int i = 0; i < Scalar25519.Words - 1; i++)
            {
                m[i] = (m[i] >> 1) | (m[i + 1] << 31);
            }

            m[Scalar25519.Words - 1] >>= 1;
            int top = BitCount - 1;
            m[top >> 5] |= 1U << (top & 31);
            DigitsFromBits(m, digits);
        }

        private void DigitsFromBits(uint[] m, int[] digits)
        {
            int lowMask = (1 << (_teeth - 1)) - 1;
            for (int j = 0; j < _combs; j++)
            {
                for (int s = 0; s < _spacing; s++)
                {
                    int column = 0;
                    int bit = j * _teeth * _spacing + s;
                    for (int i = 0; i < _teeth; i++)
                    {
                        column |= (int)((m[bit >> 5] >> (bit & 31)) & 1) << i;
                        bit += _spacing;
                    }

                    // Top digit +1: entry = low bits. Top digit -1: the column is minus the entry of the flipped low bits.
                    int top = column >> (_teeth - 1);
                    int index = top != 0 ? column & lowMask : ~column & lowMask;
                    digits[j * _spacing + s] = (index << 1) | (top ^ 1);
                }
            }
        }

        /// <summary>
        /// result = [a]P_first ± [b]P_second from recoded digits, both tables with the same Spacing (second may be
        /// null): the Spacing - 1 doublings are shared. negateSecond subtracts the second multiple; finalT leaves
        /// result.T valid (one multiplication more). For two teeth-8 spacing-32 tables: 64 additions + 31 doublings
        /// = 664 field multiplications (665 with finalT).
        /// </summary>
        public static void MultiplyJoint(FixedBaseTable first, int[] firstDigits, FixedBaseTable second, int[] secondDigits,
            bool negateSecond, bool finalT, ExtendedPoint result, EdwardsCurve curve)
        {
            int spacing = first._spacing;
            int firstShift = first._teeth - 1;
            int firstCombs = first._combs;
            int secondCombs = second == null ? 0 : second._combs;
            int secondShift = second == null ? 0 : second._teeth - 1;
            int negateFlag = negateSecond ? 1 : 0;
            result.SetIdentity();
            for (int s = spacing - 1; s >= 0; s--)
            {
                // T is needed by every addition but the column's last (a doubling follows it), and after the very
                // last one only when the caller asks.
                bool lastNeedsT = s == 0 && finalT;
                for (int j = 0; j < firstCombs; j++)
                {
                    int digit = firstDigits[j * spacing + s];
                    int entry = (j << firstShift) + (digit >> 1);
                    bool last = secondCombs == 0 && j == firstCombs - 1;
                    curve.AddNiels(result, first._entries, entry * EdwardsCurve.NielsInts, (digit & 1) != 0, !last || lastNeedsT);
                }

                for (int j = 0; j < secondCombs; j++)
                {
                    int digit = secondDigits[j * spacing + s];
                    int entry = (j << secondShift) + (digit >> 1);
                    bool last = j == secondCombs - 1;
                    curve.AddNiels(result, second._entries, entry * EdwardsCurve.NielsInts, ((digit ^ negateFlag) & 1) != 0, !last || lastNeedsT);
                }

                if (s > 0)
                {
                    curve.Double(result, result, true);
                }
            }
        }

        private static void StoreProjective(ExtendedPoint p, int[] entries, int index)
        {
            int o = index * EdwardsCurve.NielsInts;
            Array.Copy(p.X, 0, entries, o, Field25519.Limbs);
            Array.Copy(p.Y, 0, entries, o + Field25519.Limbs, Field25519.Limbs);
            Array.Copy(p.Z, 0, entries, o + 2 * Field25519.Limbs, Field25519.Limbs);
        }

        // Turns every (X, Y, Z) slot into (y+x, y-x, 2dxy) with one inversion (Montgomery's simultaneous inversion):
        // 3 (count - 1) + 265 + 4 count multiplications.
        private static void NormalizeAll(int[] entries, int count, EdwardsCurve curve)
        {
            int limbs = Field25519.Limbs;
            int[] prefix = new int[count * limbs];
            int[] z = Field25519.Create();
            int[] acc = Field25519.Create();
            int[] inverse = Field25519.Create();
            int[] zInverse = Field25519.Create();
            int[] x = Field25519.Create();
            int[] y = Field25519.Create();
            int[] t0 = Field25519.Create();
            int[] t1 = Field25519.Create();
            int[] t2 = Field25519.Create();
            int[] t3 = Field25519.Create();

            for (int i = 0; i < count; i++)
            {
                Array.Copy(entries, i * EdwardsCurve.NielsInts + 2 * limbs, z, 0, limbs);
                if (i == 0)
                {
                    Field25519.Copy(z, acc);
                }
                else
                {
                    Field25519.Mul(acc, z, acc);
                }

                Array.Copy(acc, 0, prefix, i * limbs, limbs);
            }

            Field25519.Invert(acc, inverse, t0, t1, t2, t3);
            for (int i = count - 1; i >= 0; i--)
            {
                int o = i * EdwardsCurve.NielsInts;
                Array.Copy(entries, o + 2 * limbs, z, 0, limbs);
                if (i > 0)
                {
                    Array.Copy(prefix, (i - 1) * limbs, acc, 0, limbs);
                    Field25519.Mul(inverse, acc, zInverse);      // 1 / Z_i
                    Field25519.Mul(inverse, z, inverse);         // 1 / (Z_0 ... Z_(i-1))
                }
                else
                {
                    Field25519.Copy(inverse, zInverse);
                }

                Array.Copy(entries, o, x, 0, limbs);
                Array.Copy(entries, o + limbs, y, 0, limbs);
                Field25519.Mul(x, zInverse, x);
                Field25519.Mul(y, zInverse, y);
                Field25519.Mul(x, y, t0);
                Field25519.Mul(t0, Field25519.D2, t0);
                Field25519.Add(y, x, t1);
                Field25519.Sub(y, x, t2);
                Field25519.Reduce(t1);
                Field25519.Reduce(t2);
                Field25519.Reduce(t0);
                Array.Copy(t1, 0, entries, o, limbs);
                Array.Copy(t2, 0, entries, o + limbs, limbs);
                Array.Copy(t0, 0, entries, o + 2 * limbs, limbs);
            }
        }
    }
}
