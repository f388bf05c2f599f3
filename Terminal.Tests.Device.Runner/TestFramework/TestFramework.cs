// The members of nanoFramework.TestFramework that Terminal.Tests.Device uses (the stub's surface), implemented. Used
// only where the real package cannot be had: on the nanoCLR's Linux build (nanoclr.sh converts it to
// nanoFramework.TestFramework.pe) and in the host run of the same tests (DeviceTestProjectTests). Portable code.
using System;
using System.Collections;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
    public class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public class TestMethodAttribute : Attribute
    {
    }

    public sealed class Assert
    {
        public static void AreEqual(int expected, int actual, string message = "") { if (expected != actual) Fail(message, expected.ToString(), actual.ToString()); }

        public static void AreEqual(long expected, long actual, string message = "") { if (expected != actual) Fail(message, expected.ToString(), actual.ToString()); }

        public static void AreEqual(string expected, string actual, string message = "") { if (expected != actual) Fail(message, expected, actual); }

        public static void IsTrue(bool condition, string message = "") { if (!condition) Fail(message, "true", "false"); }

        public static void IsFalse(bool condition, string message = "") { if (condition) Fail(message, "false", "true"); }

        public static void IsNotNull(object value, string message = "") { if (value == null) Fail(message, "not null", "null"); }

        private static void Fail(string message, string expected, string actual)
        {
            throw new Exception(string.Concat(message, ": expected ", expected, ", got ", actual));
        }
    }

    public static class OutputHelper
    {
        /// <summary>Every line written, for the host run to read back.</summary>
        public static readonly ArrayList Lines = new ArrayList();

        public static void WriteLine(string message)
        {
            Lines.Add(message);
            Console.WriteLine(message);
        }
    }
}
