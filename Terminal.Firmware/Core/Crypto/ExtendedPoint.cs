namespace Terminal.Core.Crypto
{
    /// <summary>
    /// A point of edwards25519 in extended coordinates (X : Y : Z : T) with x = X/Z, y = Y/Z and x*y = T/Z
    /// (Hisil, Wong, Carter, Dawson 2008). T is only kept up to date where the next operation needs it.
    /// </summary>
    public sealed class ExtendedPoint
    {
        public readonly int[] X = new int[Field25519.Limbs];
        public readonly int[] Y = new int[Field25519.Limbs];
        public readonly int[] Z = new int[Field25519.Limbs];
        public readonly int[] T = new int[Field25519.Limbs];

        public void SetIdentity()
        {
            Field25519.Zero(X);
            Field25519.One(Y);
            Field25519.One(Z);
            Field25519.Zero(T);
        }

        public void CopyFrom(ExtendedPoint p)
        {
            Field25519.Copy(p.X, X);
            Field25519.Copy(p.Y, Y);
            Field25519.Copy(p.Z, Z);
            Field25519.Copy(p.T, T);
        }
    }
}
