using MassTransit;
using Microsoft.Extensions.Options;
using WorkUnits.Contracts;
using WorkUnits.Hosting;

namespace WorkUnits.Orchestration;

/// <summary>
/// Sends units to the workers' queue in <see cref="ExecuteUnits"/> messages of at most
/// <see cref="OrchestratorOptions.UnitsPerMessage"/> units; a lone unit goes as an <see cref="ExecuteUnit"/>.
/// Completes once the broker has confirmed every message.
/// </summary>
internal sealed class UnitSender
{
    private static readonly Uri UnitsQueue = new($"queue:{WorkUnitsQueues.Units}");

    private readonly IBus _bus;
    private readonly int _unitsPerMessage;

    public UnitSender(IBus bus, IOptions<OrchestratorOptions> options)
    {
        _bus = bus;
        _unitsPerMessage = options.Value.UnitsPerMessage;
    }

    public async Task SendAsync(IEnumerable<ExecuteUnit> units, CancellationToken cancellationToken)
    {
        var endpoint = await _bus.GetSendEndpoint(UnitsQueue);

        var sends = units.Chunk(_unitsPerMessage).Select(chunk => chunk.Length == 1
            ? endpoint.Send(chunk[0], cancellationToken)
            : endpoint.Send(new ExecuteUnits(chunk), cancellationToken));
        await Task.WhenAll(sends);
    }
}
