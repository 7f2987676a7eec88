using System.Text;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

/// <summary>
/// The obviously correct count the pipeline is checked against: decode each whole file, with invalid bytes
/// replaced, and scan its UTF-16 chars for runs of letters and digits.
/// </summary>
internal static class ReferenceWordCounter
{
    public static Dictionary<string, long> Count(IEnumerable<byte[]> files)
    {
        var words = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var bytes in files)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var start = -1;

            for (var index = 0; index <= text.Length; index++)
            {
                var isLetter = index < text.Length && char.IsLetterOrDigit(text[index]);
                if (isLetter && start < 0)
                {
                    start = index;
                }
                else if (!isLetter && start >= 0)
                {
                    var word = text[start..index].ToLowerInvariant();
                    words[word] = words.GetValueOrDefault(word) + 1;
                    start = -1;
                }
            }
        }

        return words;
    }

    public static List<(string Word, long Count)> Top(Dictionary<string, long> words, int top) =>
        words
            .OrderByDescending(entry => entry.Value)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(entry => (entry.Key, entry.Value))
            .ToList();
}
