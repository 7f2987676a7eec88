using WorkUnits.BuiltInJobs.WordCount;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

/// <summary>What a direct run of the wordcount pipeline produced.</summary>
/// <param name="Units">How many units the split produced.</param>
/// <param name="Tally">Every word counted by the handlers, summed over the units.</param>
/// <param name="Result">The finalizer's result.</param>
internal sealed record PipelineOutcome(int Units, Dictionary<string, long> Tally, WordCountResult Result);
