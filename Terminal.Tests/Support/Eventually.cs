namespace Terminal.Tests.Support;

public static class Eventually
{
    /// <summary>Waits until condition holds (polling), failing with message after timeout. Not a timing assertion: a bound on hangs.</summary>
    public static async Task True(Func<bool> condition, string message, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("timed out waiting: " + message);
            }

            await Task.Delay(10);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string message, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("timed out waiting: " + message);
            }

            await Task.Delay(20);
        }
    }
}
