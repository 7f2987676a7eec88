using NUnit.Framework;

namespace WorkUnits.Testing;

/// <summary>Waits for a condition that another thread or process makes true, failing the test if it never does.</summary>
public static class Eventually
{
    /// <summary>Checks <paramref name="condition"/> every few milliseconds until it holds.</summary>
    /// <param name="condition">What must become true.</param>
    /// <param name="within">How long it may take before the test fails.</param>
    /// <returns>A task that completes once the condition holds.</returns>
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The condition did not hold within {within}.");
            }

            await Task.Delay(10);
        }
    }
}
