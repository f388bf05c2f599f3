// Reference stub: signatures only, each checked against ../shared/nanoframework/api/nanoFramework.TestFramework.txt.
// The real Assert methods take `[CallerArgumentExpression] string message = ""`; the attribute does not change the
// signature, so the stub keeps only the default value.
using System;

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
        public static void AreEqual(int expected, int actual, string message = "") { throw null; }

        public static void AreEqual(long expected, long actual, string message = "") { throw null; }

        public static void AreEqual(string expected, string actual, string message = "") { throw null; }

        public static void IsTrue(bool condition, string message = "") { throw null; }

        public static void IsFalse(bool condition, string message = "") { throw null; }

        public static void IsNotNull(object value, string message = "") { throw null; }
    }

    public static class OutputHelper
    {
        public static void WriteLine(string message) { throw null; }
    }
}
