using System.Text.Json;
using NUnit.Framework;
using WorkUnits.Contracts;
using WorkUnits.Jobs;
using WorkUnits.Storage;
using WorkUnits.Testing;
using WorkUnits.Tests.Reliability;

namespace WorkUnits.Tests.Workers;

/// <summary>
/// Units that reach a worker in batches run as if each had come on its own: every one once, never more at a time
/// than the worker's concurrency.
/// </summary>
public sealed class UnitBatchFlowTests
{
    [Test]
    public async Task Job_UnitsSentInBatches_RunsEachOnceAndNoMoreAtATimeThanTheWorkersConcurrency()
    {
        using var gate = GatedHandler.Reset();
        using var host = await InProcessHost.StartAsync(
            workUnits => workUnits.AddJobType<CountingSplitter, GatedHandler>("gated"),
            new Dictionary<string, string?>
            {
                ["WorkUnits:Orchestrator:UnitsPerMessage"] = "16",
                ["WorkUnits:Worker:Concurrency"] = "2",
            });
        var jobId = Guid.NewGuid();

        await host.Client.SubmitAsync(new SubmitJob
        {
            JobId = jobId,
            JobType = "gated",
            Parameters = JsonDocument.Parse("{\"units\":40}").RootElement,
        });
        for (var released = 0; released < 40; released++)
        {
            await gate.WaitForStartsAsync(Math.Min(released + 2, 40));
            gate.ReleaseOne();
        }

        var final = await host.WaitForAsync(jobId, job => job.State.IsFinal());

        Assert.That(final.State, Is.EqualTo(JobState.Completed));
        Assert.That(final.Succeeded, Is.EqualTo(40));
        Assert.That(gate.Runs.Order(), Is.EqualTo(Enumerable.Range(0, 40).Select(index => (long)index)));
        Assert.That(gate.MostAtOnce, Is.EqualTo(2));
    }

    /// <summary>Holds every unit until the test releases one, and records how many ran at once.</summary>
    public sealed class GatedHandler : IUnitHandler<long, long>
    {
        private static Gate _gate = new();

        public static Gate Reset() => _gate = new Gate();

        /// <inheritdoc />
        public async Task<long> HandleAsync(long unit, UnitContext context)
        {
            await _gate.RunAsync(unit, context.CancellationToken);
            return unit;
        }
    }

    /// <summary>The state the handlers of one test share.</summary>
    public sealed class Gate : IDisposable
    {
        private readonly SemaphoreSlim _releases = new(0);
        private readonly List<long> _runs = [];
        private readonly object _lock = new();
        private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _mostAtOnce;

        public IReadOnlyList<long> Runs
        {
            get
            {
                lock (_lock)
                {
                    return [.. _runs];
                }
            }
        }

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public void ReleaseOne() => _releases.Release();

        public void Dispose() => _releases.Dispose();

        /// <summary>Waits until at least <paramref name="count"/> units have started.</summary>
        public async Task WaitForStartsAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (true)
            {
                Task started;
                lock (_lock)
                {
                    if (_runs.Count >= count)
                    {
                        return;
                    }

                    started = _started.Task;
                }

                await started.WaitAsync(timeout.Token);
            }
        }

        public async Task RunAsync(long unit, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                _runs.Add(unit);
                _mostAtOnce = Math.Max(_mostAtOnce, ++_running);
                _started.TrySetResult();
                _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                await _releases.WaitAsync(cancellationToken);
            }
            finally
            {
                lock (_lock)
                {
                    _running--;
                }
            }
        }
    }
}
