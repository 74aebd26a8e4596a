namespace Advisor.Runtime.Tests;

internal static class TestSupport
{
    /// <summary>Generous bound for "this must happen" waits; failing tests fail instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(5);
        }
    }

    public static async Task<T> Within<T>(this Task<T> task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Patience));
        Assert.True(finished == task, "Timed out waiting for: " + what);
        return await task;
    }

    public static async Task Within(this Task task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Patience));
        Assert.True(finished == task, "Timed out waiting for: " + what);
        await task;
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
