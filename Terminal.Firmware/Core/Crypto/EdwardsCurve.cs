using System;

namespace Terminal.Core.Crypto
{
    /// <summary>Outcome of decoding a 32-byte point encoding (RFC 8032, 5.1.3).</summary>
    public enum PointDecodeResult
    {
        Ok = 0,

        /// <summary>y &gt;= p, or x = 0 with the sign bit set: a second encoding of a point, refused.</summary>
        NonCanonical = 1,

        /// <summary>No x satisfies the curve equation for this y.</summary>
        NotOnCurve = 2,
    }

    /// <summary>
    /// Group arithmetic on edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2): doubling, additions with extended and
    /// precomputed ("Niels": y+x, y-x, 2dxy, affine) points, encoding and decoding. An instance owns the scratch
    /// field elements, so nothing is allocated per operation; one instance per thread.
    /// </summary>
    public sealed class EdwardsCurve
    {
        /// <summary>Ints per precomputed point in a table: y+x, y-x, 2dxy, each 10 limbs.</summary>
        public const int NielsInts = 3 * Field25519.Limbs;

        private readonly int[] _a = Field25519.Create();
        private readonly int[] _b = Field25519.Create();
        private readonly int[] _c = Field25519.Create();
        private readonly int[] _d = Field25519.Create();
        private readonly int[] _e = Field25519.Create();
        private readonly int[] _f = Field25519.Create();
        private readonly int[] _yPlusX = Field25519.Create();
        private readonly int[] _yMinusX = Field25519.Create();
        private readonly int[] _xy2d = Field25519.Create();
        private readonly int[] _t0 = Field25519.Create();
        private readonly int[] _t1 = Field25519.Create();
        private readonly int[] _t2 = Field25519.Create();
        private readonly int[] _t3 = Field25519.Create();

        /// <summary>
        /// r = 2p (r may be p): 4 squarings + 3 multiplications, + 1 when T is wanted. Reads only X, Y, Z of p.
        /// </summary>
        public void Double(ExtendedPoint p, ExtendedPoint r, bool computeT)
        {
            // dbl-2008-hwcd with a = -1, every intermediate negated (E' = -E, ...) so the products are unchanged.
            Field25519.Square(p.X, _a);                 // A = X^2
            Field25519.Square(p.Y, _b);                 // B = Y^2
            Field25519.Add(p.X, p.Y, _e);
            Field25519.Square(_e, _e);                  // (X + Y)^2
            Field25519.Square(p.Z, _c);
            Field25519.Add(_c, _c, _c);                 // C = 2 Z^2
            Field25519.Add(_a, _b, _d);                 // H' = A + B
            Field25519.Sub(_a, _b, _f);                 // G' = A - B
            Field25519.Sub(_d, _e, _e);                 // E' = A + B - (X + Y)^2
            Field25519.Add(_c, _f, _c);                 // F' = C + G'
            Field25519.Mul(_e, _c, r.X);                // E' F'
            Field25519.Mul(_f, _d, r.Y);                // G' H'
            Field25519.Mul(_c, _f, r.Z);                // F' G'
            if (computeT)
            {
                Field25519.Mul(_e, _d, r.T);            // E' H'
            }
        }

        /// <summary>
        /// p = p + q (or p - q when subtract), q the precomputed point at table[offset..offset+30). Needs p.T;
        /// 6 multiplications, + 1 when T is wanted.
        /// </summary>
        public void AddNiels(ExtendedPoint p, int[] table, int offset, bool subtract, bool computeT)
        {
            // -q swaps y+x with y-x and negates 2dxy.
            Array.Copy(table, offset, subtract ? _yMinusX : _yPlusX, 0, Field25519.Limbs);
            Array.Copy(table, offset + Field25519.Limbs, subtract ? _yPlusX : _yMinusX, 0, Field25519.Limbs);
            Array.Copy(table, offset + 2 * Field25519.Limbs, _xy2d, 0, Field25519.Limbs);

            Field25519.Sub(p.Y, p.X, _a);
            Field25519.Mul(_a, _yMinusX, _a);           // A = (Y1 - X1)(y2 - x2)
            Field25519.Add(p.Y, p.X, _b);
            Field25519.Mul(_b, _yPlusX, _b);            // B = (Y1 + X1)(y2 + x2)
            Field25519.Mul(p.T, _xy2d, _c);             // C = T1 2d x2 y2 (sign applied below)
            Field25519.Add(p.Z, p.Z, _d);               // D = 2 Z1
            Finish(p, subtract, computeT);
        }

        /// <summary>r = p + q (or p - q when subtract); r may be p but not q. Needs both T; 9 multiplications.</summary>
        public void Add(ExtendedPoint p, ExtendedPoint q, bool subtract, ExtendedPoint r)
        {
            Field25519.Sub(q.Y, q.X, _e);
            Field25519.Add(q.Y, q.X, _f);
            Field25519.Sub(p.Y, p.X, _a);
            Field25519.Mul(_a, subtract ? _f : _e, _a); // A = (Y1 - X1)(Y2 -+ X2)
            Field25519.Add(p.Y, p.X, _b);
            Field25519.Mul(_b, subtract ? _e : _f, _b); // B = (Y1 + X1)(Y2 +- X2)
            Field25519.Mul(q.T, Field25519.D2, _c);
            Field25519.Mul(_c, p.T, _c);                // C = 2d T1 T2
            Field25519.Mul(p.Z, q.Z, _d);
            Field25519.Add(_d, _d, _d);                 // D = 2 Z1 Z2
            Finish(r, subtract, true);
        }

        // From A, B, C, D in _a, _b, _c, _d: E = B - A, H = B + A, F = D -+ C, G = D +- C; r = (EF : GH : FG : EH).
        private void Finish(ExtendedPoint r, bool subtract, bool computeT)
        {
            Field25519.Sub(_b, _a, _e);                 // E
            Field25519.Add(_b, _a, _b);                 // H
            if (subtract)
            {
                Field25519.Add(_d, _c, _f);             // F
                Field25519.Sub(_d, _c, _d);             // G
            }
            else
            {
                Field25519.Sub(_d, _c, _f);
                Field25519.Add(_d, _c, _d);
            }

            Field25519.Mul(_e, _f, r.X);
            Field25519.Mul(_d, _b, r.Y);
            Field25519.Mul(_f, _d, r.Z);
            if (computeT)
            {
                Field25519.Mul(_e, _b, r.T);
            }
        }

        /// <summary>Writes p (Z = 1, T = xy, as Decode leaves it) as a precomputed point into table[offset..offset+30): 1 multiplication.</summary>
        public void ToNiels(ExtendedPoint p, int[] table, int offset)
        {
            Field25519.Add(p.Y, p.X, _a);
            Field25519.Sub(p.Y, p.X, _b);
            Field25519.Carry(_a);
            Field25519.Carry(_b);
            Field25519.Mul(p.T, Field25519.D2, _c);
            Array.Copy(_a, 0, table, offset, Field25519.Limbs);
            Array.Copy(_b, 0, table, offset + Field25519.Limbs, Field25519.Limbs);
            Array.Copy(_c, 0, table, offset + 2 * Field25519.Limbs, Field25519.Limbs);
        }

        /// <summary>True when p is the neutral element (0, 1): X = 0 and Y = Z. Reads X, Y, Z.</summary>
        public bool IsIdentity(ExtendedPoint p)
        {
            Field25519.Copy(p.X, _a);
            Field25519.Sub(p.Y, p.Z, _b);
            return Field25519.IsZero(_a) && Field25519.IsZero(_b);
        }

        /// <summary>Writes the 32-byte RFC 8032 encoding of p (canonical y, sign of x in bit 255): 265 + 2 multiplications.</summary>
        public void Encode(ExtendedPoint p, byte[] output, int offset)
        {
            Field25519.Invert(p.Z, _a, _t0, _t1, _t2, _t3);
            Field25519.Mul(p.X, _a, _b);
            Field25519.Mul(p.Y, _a, _c);
            Field25519.ToBytes(_c, output, offset);
            if (Field25519.IsOdd(_b))
            {
                output[offset + 31] |= 0x80;
            }
        }

        /// <summary>
        /// Decodes an RFC 8032 point encoding into r (Z = 1, T set), refusing y &gt;= p and x = 0 with the sign bit
        /// set. About 255 squarings + 15 multiplications.
        /// </summary>
        public PointDecodeResult Decode(byte[] encoded, int offset, ExtendedPoint r)
        {
            if (!Field25519.IsCanonical(encoded, offset))
            {
                return PointDecodeResult.NonCanonical;
            }

            bool xOdd = (encoded[offset + 31] & 0x80) != 0;
            int[] y = r.Y;
            int[] x = r.X;
            Field25519.FromBytes(encoded, offset, y);

            // x^2 = u / v with u = y^2 - 1, v = d y^2 + 1; candidate x = u v^3 (u v^7)^((p-5)/8).
            Field25519.Square(y, _a);
            Field25519.Mul(_a, Field25519.D, _b);
            _a[0] -= 1;                                  // u
            _b[0] += 1;                                  // v
            Field25519.Square(_b, _c);
            Field25519.Mul(_c, _b, _c);                  // v^3
            Field25519.Square(_c, _d);
            Field25519.Mul(_d, _b, _d);                  // v^7
            Field25519.Mul(_d, _a, _d);                  // u v^7
            Field25519.PowP58(_d, _d, _t0, _t1, _t2, _t3);
            Field25519.Mul(_d, _c, _d);
            Field25519.Mul(_d, _a, x);                   // candidate x

            Field25519.Square(x, _e);
            Field25519.Mul(_e, _b, _e);                  // v x^2
            Field25519.Sub(_e, _a, _f);
            if (!Field25519.IsZero(_f))
            {
                Field25519.Add(_e, _a, _f);
                if (!Field25519.IsZero(_f))
                {
                    return PointDecodeResult.NotOnCurve;
                }

                Field25519.Mul(x, Field25519.SqrtMinusOne, x);
            }

            if (Field25519.IsZero(x) && xOdd)
            {
                return PointDecodeResult.NonCanonical;
            }

            if (Field25519.IsOdd(x) != xOdd)
            {
                Field25519.Negate(x, x);
                Field25519.Carry(x);
            }

            Field25519.One(r.Z);
            Field25519.Mul(x, y, r.T);
            return PointDecodeResult.Ok;
        }
    }
}
