using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using WorkUnits.Hosting;
using WorkUnits.Storage;

namespace WorkUnits.Tests.Reliability;

/// <summary>
/// WorkUnits in one process on the in-memory transport and store, on a fake clock that the test advances.
/// </summary>
internal sealed class InProcessHost : IDisposable
{
    private readonly IHost _host;

    private InProcessHost(IHost host, FakeTimeProvider time)
    {
        _host = host;
        Time = time;
    }

    public FakeTimeProvider Time { get; }

    public IWorkUnitStore Store => _host.Services.GetRequiredService<IWorkUnitStore>();

    public WorkUnitsClient Client => _host.Services.GetRequiredService<WorkUnitsClient>();

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host; with <paramref name="store"/> it keeps its state there instead of in a store of its own.</summary>
    public static async Task<InProcessHost> StartAsync(
        Action<WorkUnitsBuilder> configure,
        IDictionary<string, string?>? settings = null,
        IWorkUnitStore? store = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkUnits:Orchestrator:SweepInterval"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton<TimeProvider>(time);
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        builder.Services.AddWorkUnits(builder.Configuration, configure);

        var host = builder.Build();
        await host.StartAsync();
        return new InProcessHost(host, time);
    }

    /// <summary>Waits, in real time, until the stored job meets the condition.</summary>
    public async Task<JobRecord> WaitForAsync(Guid jobId, Func<JobRecord, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var job = await Store.GetJobAsync(jobId, CancellationToken.None);
            if (job is not null && condition(job))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Job {jobId} did not get there in time; last seen {job}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Advances the fake clock a second at a time until the job has reached a final state.</summary>
    public async Task<JobRecord> AdvanceUntilFinalAsync(Guid jobId, int maxSeconds = 600)
    {
        for (var second = 0; second < maxSeconds; second++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);

            var job = await Store.GetJobAsync(jobId, CancellationToken.None);
            if (job is not null && job.State.IsFinal())
            {
                return job;
            }
        }

        return await WaitForAsync(jobId, job => job.State.IsFinal());
    }

    public void Dispose()
    {
        _host.StopAsync().GetAwaiter().GetResult();
        _host.Dispose();
    }
}
