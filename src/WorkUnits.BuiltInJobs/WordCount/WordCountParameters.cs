using System.ComponentModel.DataAnnotations;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>The parameters of a <c>wordcount</c> job: which file or directory to count, and how.</summary>
public sealed class WordCountParameters : IValidatableObject
{
    /// <summary>The largest range a unit covers, and the default of <see cref="RangeBytes"/>.</summary>
    public const int MaxRangeBytes = 1024 * 1024;

    /// <summary>
    /// The UTF-8 text file to count, or a directory whose files are all counted, recursively.
    /// A relative path is resolved against the current directory of the process that splits the job,
    /// so prefer an absolute path.
    /// </summary>
    [Required(ErrorMessage = "is required: name a file or a directory to count the words of")]
    public string Path { get; init; } = string.Empty;

    /// <summary>How many of the most frequent words the result lists.</summary>
    /// <value>20; between 1 and 1000.</value>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int Top { get; init; } = 20;

    /// <summary>
    /// The largest number of bytes one unit counts; larger files are split into ranges of this size.
    /// Mainly for tests, which use small ranges so that many words straddle a boundary.
    /// </summary>
    /// <value>1,048,576 (1 MiB); between 16 and 1,048,576.</value>
    [Range(16, MaxRangeBytes, ErrorMessage = "must be between 16 and 1048576")]
    public int RangeBytes { get; init; } = MaxRangeBytes;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!File.Exists(Path) && !Directory.Exists(Path))
        {
            yield return new ValidationResult(
                $"does not exist: there is no file or directory at '{Path}'",
                [nameof(Path)]);
        }
    }
}
