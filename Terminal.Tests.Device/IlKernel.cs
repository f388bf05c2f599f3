namespace Terminal.Tests.Device
{
    /// <summary>
    /// The IL-rate kernel: a counted loop calling a small static method with a 64-bit multiply and add (the shape the
    /// tap model's estimates use). <see cref="IlPerIteration"/> is the number of IL instructions one iteration executes
    /// (loop body, increment and test in Run, plus all of Step); Terminal.Tests (DeviceTimingKernelTests) recounts it
    /// from the device-compiled assembly, so a change here cannot silently skew il_per_s.
    /// </summary>
    public static class IlKernel
    {
        public const int Iterations = 1000000;

        public const int IlPerIteration = 19;

        /// <summary>Run(Iterations): acc = acc * 31 + i over i = 0..n-1 in 64-bit wrap-around arithmetic.</summary>
        public const long Expected = 7099740389292153121L;

        public static long Run(int n)
        {
            long acc = 1;
            for (int i = 0; i < n; i++)
            {
                acc = Step(acc, i);
            }

            return acc;
        }

        public static long Step(long acc, int i)
        {
            return acc * 31 + i;
        }
    }
}
