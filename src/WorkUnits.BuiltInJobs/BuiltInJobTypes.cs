using Microsoft.Extensions.DependencyInjection;
using WorkUnits.BuiltInJobs.Synthetic;
using WorkUnits.BuiltInJobs.WordCount;
using WorkUnits.Hosting;

namespace WorkUnits.BuiltInJobs;

/// <summary>Registers the job types that ship with WorkUnits.</summary>
public static class BuiltInJobTypes
{
    /// <summary>The name of the synthetic job: <c>units</c> units that each return their index.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>The name of the word-count job over a file or a directory.</summary>
    public const string WordCount = "wordcount";

    /// <summary>Registers <c>synthetic</c> and <c>wordcount</c>.</summary>
    /// <param name="builder">The WorkUnits builder.</param>
    /// <returns>The builder.</returns>
    public static WorkUnitsBuilder AddBuiltInJobTypes(this WorkUnitsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<SyntheticOptions>().BindConfiguration(SyntheticOptions.SectionName);

        return builder
            .AddJobType<SyntheticSplitter, SyntheticUnitHandler, SyntheticFinalizer>(Synthetic)
            .AddJobType<WordCountSplitter, WordCountHandler, WordCountFinalizer>(WordCount);
    }
}
