using WorkUnits.Contracts;

namespace WorkUnits.IntegrationTests.EndToEnd;

/// <summary>
/// Waits for a job's state through the client, within a bound that fails the test instead of hanging it.
/// </summary>
internal static class JobWaiting
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<JobStatus> WaitForEndAsync(this WorkUnitsClient client, Guid jobId, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await client.WaitAsync(jobId, PollInterval, progress: null, timeout.Token);
    }

    /// <summary>Returns once the job has at least <paramref name="ended"/> ended units.</summary>
    public static async Task<JobStatus> WaitForProgressAsync(
        this WorkUnitsClient client,
        Guid jobId,
        long ended,
        TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var status = await client.GetStatusAsync(jobId, timeout.Token);
            if (status is not null && status.Succeeded + status.Failed >= ended)
            {
                return status;
            }

            await Task.Delay(PollInterval, timeout.Token);
        }
    }
}
