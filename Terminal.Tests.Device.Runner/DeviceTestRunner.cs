using System;
using System.Reflection;
using nanoFramework.TestFramework;

namespace Terminal.Tests.Device.Runner
{
    /// <summary>
    /// Runs Terminal.Tests.Device on the nanoCLR's Linux build (build/nanoclr/nanoclr.sh run) and, compiled for the
    /// host, in Terminal.Tests' DeviceTestProjectTests, so both runs print the same lines and can be compared. The real
    /// nanoFramework.UnitTestLauncher only loads an assembly named "NFUnitTest"; this finds [TestClass]/[TestMethod] by
    /// reflection instead. Prints one "TEST class.method PASS|FAIL|NOT_RUNNABLE message" line per test.
    /// </summary>
    public static class DeviceTestRunner
    {
        /// <summary>Test classes that need the board's flash or RC522, which neither the host nor the nanoCLR's Linux build has.</summary>
        public static readonly string[] HardwareOnly = new string[] { "OutboxFlashTests", "ReaderSelfTests" };

        public static int Passed;
        public static int Failed;
        public static int NotRunnable;

        /// <summary>The entry point on the nanoCLR: the END line is how nanoclr.sh knows the run finished (an uncaught exception exits 0 silently).</summary>
        public static void Main()
        {
            Run(Assembly.GetAssembly(typeof(TimingTests)), true);
            OutputHelper.WriteLine(string.Concat("END tests passed=", Passed.ToString(), " failed=", Failed.ToString(), " not_runnable=", NotRunnable.ToString()));
        }

        /// <summary>Runs every test method of every test class in <paramref name="tests"/>, hardware-only classes too unless excluded.</summary>
        public static void Run(Assembly tests, bool reportHardwareOnly)
        {
            Type[] types = tests.GetTypes();
            for (int t = 0; t < types.Length; t++)
            {
                Type type = types[t];
                if (!Has(type.GetCustomAttributes(true), typeof(TestClassAttribute)))
                {
                    continue;
                }

                bool hardware = IsHardwareOnly(type.Name);
                MethodInfo[] methods = type.GetMethods();
                for (int m = 0; m < methods.Length; m++)
                {
                    MethodInfo method = methods[m];
                    if (!Has(method.GetCustomAttributes(true), typeof(TestMethodAttribute)))
                    {
                        continue;
                    }

                    string name = string.Concat(type.Name, ".", method.Name);
                    if (hardware)
                    {
                        if (reportHardwareOnly)
                        {
                            NotRunnable++;
                            OutputHelper.WriteLine(string.Concat("TEST ", name, " NOT_RUNNABLE needs the board's flash or RC522"));
                        }

                        continue;
                    }

                    RunOne(type, method, name);
                }
            }
        }

        public static bool IsHardwareOnly(string className)
        {
            for (int i = 0; i < HardwareOnly.Length; i++)
            {
                if (HardwareOnly[i] == className)
                {
                    return true;
                }
            }

            return false;
        }

        private static void RunOne(Type type, MethodInfo method, string name)
        {
            try
            {
                object instance = type.GetConstructor(new Type[0]).Invoke(new object[0]);
                method.Invoke(instance, null);
                Passed++;
                OutputHelper.WriteLine(string.Concat("TEST ", name, " PASS"));
            }
            catch (Exception e)
            {
                // .NET wraps the test's exception in a TargetInvocationException; the nanoCLR does not.
                Exception cause = e.InnerException != null ? e.InnerException : e;
                Failed++;
                OutputHelper.WriteLine(string.Concat("TEST ", name, " FAIL ", cause.GetType().Name, ": ", cause.Message));
            }
        }

        private static bool Has(object[] attributes, Type attribute)
        {
            for (int i = 0; i < attributes.Length; i++)
            {
                if (attributes[i].GetType() == attribute)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
