namespace Terminal.Core.Crypto
{
    /// <summary>Sizes of Ed25519 (RFC 8032) objects and the instrumentation counter of the field arithmetic.</summary>
    public static class Ed25519
    {
        public const int PublicKeySize = 32;

        public const int SignatureSize = 64;

        /// <summary>
        /// Field multiplications and squarings performed so far (all threads; not atomic, it is instrumentation).
        /// On the device one costs ≈ 1–2 ms, so this is the cost metric of verification: benchmarks and tests read
        /// it before and after an operation.
        /// </summary>
        public static long FieldMultiplications;
    }
}
