using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkUnits.BuiltInJobs;
using WorkUnits.Contracts;
using WorkUnits.IntegrationTests.Infrastructure;

namespace WorkUnits.Web.Tests.Support;

/// <summary>
/// A real orchestrator and worker in this process, on the fixture's RabbitMQ virtual host and PostgreSQL database,
/// serving the API and dashboard on 127.0.0.1 at a free port, as <c>workunits run --role all</c> does.
/// </summary>
public sealed class OrchestratorHost : IAsyncDisposable
{
    public const string ApiToken = "test-token-0123456789abcdef";
    public const string FlakyJobType = "flaky";

    private readonly WebApplication _app;

    private OrchestratorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public WorkUnitsClient Client => _app.Services.GetRequiredService<WorkUnitsClient>();

    public IServiceProvider Services => _app.Services;

    public static async Task<OrchestratorHost> StartAsync(
        ServiceEndpoints endpoints,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = Build(endpoints, settings, "http://127.0.0.1:0");
        await app.StartAsync();

        return new OrchestratorHost(app, new Uri(app.Urls.Single()));
    }

    /// <summary>Builds the host without starting it, for tests that watch it start.</summary>
    public static WebApplication Build(
        ServiceEndpoints endpoints,
        IReadOnlyDictionary<string, string?>? settings,
        string url)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Url"] = endpoints.RabbitMqUrl,
            ["Postgres:ConnectionString"] = endpoints.PostgresConnectionString,
            ["WorkUnits:Role"] = "All",
            ["WorkUnits:Worker:Concurrency"] = "4",
            ["WorkUnits:Orchestrator:DefaultMaxAttempts"] = "1",
            ["WorkUnits:Web:ApiToken"] = ApiToken,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls(url);
        builder.Host.StartWebServerFirst();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddWorkUnits(builder.Configuration, workUnits => workUnits
            .AddBuiltInJobTypes()
            .AddJobType<FlakySplitter, FlakyHandler>(FlakyJobType)
            .UseRabbitMq()
            .UsePostgreSql());
        builder.Services.AddWorkUnitsWeb(builder.Configuration);

        var app = builder.Build();
        app.MapWorkUnitsWeb();
        return app;
    }

    public async Task<Guid> SubmitAsync(string jobType, object parameters, long maxFailedUnits = 0)
    {
        var accepted = await Client.SubmitAsync(new SubmitJob
        {
            JobType = jobType,
            Parameters = JsonSerializer.SerializeToElement(parameters, JsonSerializerOptions.Web),
            Settings = new JobSettings { MaxFailedUnits = maxFailedUnits },
        });

        return accepted.JobId;
    }

    public async Task<JobStatus> WaitUntilAsync(Guid jobId, Func<JobStatus, bool> condition, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await Client.GetStatusAsync(jobId, cancellation.Token)
                ?? throw new InvalidOperationException($"Job {jobId} is not known.");
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(100, cancellation.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
