using System.Diagnostics.CodeAnalysis;

namespace WorkUnits.JobTypes;

/// <summary>The job types this process knows, by registered name.</summary>
internal sealed class JobTypeRegistry
{
    private readonly Dictionary<string, JobTypeRuntime> _jobTypes = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _jobTypes.Keys.Order(StringComparer.Ordinal);

    public void Add(JobTypeRuntime jobType)
    {
        if (!_jobTypes.TryAdd(jobType.Name, jobType))
        {
            throw new InvalidOperationException($"A job type named '{jobType.Name}' is already registered.");
        }
    }

    public bool TryGet(string name, [NotNullWhen(true)] out JobTypeRuntime? jobType) =>
        _jobTypes.TryGetValue(name, out jobType);
}
