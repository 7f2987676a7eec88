using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace WorkUnits.Tests.Workers;

public sealed class WorkerOptionsTests
{
    [TestCase("0")]
    [TestCase("5001")]
    public void Start_OutcomeBatchSizeOutOfRange_RefusesToStartNamingTheSetting(string value)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkUnits:Worker:OutcomeBatchSize"] = value,
        });
        builder.Services.AddWorkUnits(builder.Configuration, _ => { });
        using var host = builder.Build();

        var failure = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(failure!.Message, Does.Contain("OutcomeBatchSize"));
    }
}
