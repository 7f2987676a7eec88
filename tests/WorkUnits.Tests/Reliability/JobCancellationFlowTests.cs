using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Storage;
using WorkUnits.Testing;

namespace WorkUnits.Tests.Reliability;

/// <summary>Cancelling a job reaches the handlers running its units, and none of its units starts afterwards.</summary>
public sealed class JobCancellationFlowTests
{
    [Test]
    public async Task Cancel_UnitsRunning_CancelsThemAndStartsNoOther()
    {
        using var host = await InProcessHost.StartAsync(BlockingJob.Register);
        var jobId = Guid.NewGuid();
        var probe = BlockingJob.ProbeOf(jobId);
        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "blocking",
            Parameters = JsonDocument.Parse("{\"units\":20}").RootElement,
            Settings = new JobSettings { MaxInFlight = 3 },
        });
        await Eventually.HoldsAsync(() => probe.Started >= 3, TimeSpan.FromSeconds(20));

        await host.Client.CancelAsync(jobId, "enough");
        await Eventually.HoldsAsync(() => probe.Cancelled >= 3, TimeSpan.FromSeconds(20));
        var job = await host.WaitForAsync(jobId, job => job.State.IsFinal());
        await Task.Delay(200);

        Assert.That(job.State, Is.EqualTo(JobState.Cancelled));
        Assert.That(probe.Started, Is.EqualTo(3));
        Assert.That(probe.Cancelled, Is.EqualTo(3));
    }
}
