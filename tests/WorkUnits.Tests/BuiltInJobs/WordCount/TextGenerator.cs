using System.Text;

namespace WorkUnits.Tests.BuiltInJobs.WordCount;

/// <summary>Makes reproducible UTF-8 text full of multi-byte characters, separators and maybe bad bytes.</summary>
internal static class TextGenerator
{
    /// <summary>
    /// Letters of one, two and three bytes, digits, a decomposed é (a combining mark, which is not a
    /// letter), letters and emoji outside the BMP (surrogate pairs, which are not letters), case pairs and
    /// separators.
    /// </summary>
    private static readonly string[] Pieces =
    [
        "a", "b", "Q", "7", "é", "É", "e\u0301", "ß", "İ", "ǅ", "Ω", "ж", "中", "文", "٣",
        "😀", "𝐀", "𠀀",
        " ", " ", " ", "\n", ".", "-", "\t", "\uFEFF", "\u00A0",
    ];

    private static readonly byte[][] InvalidSequences =
    [
        [0xFF], [0x80], [0xC3], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
        [0xF0, 0x9F, 0x98],
    ];

    public static byte[] Generate(int seed, int pieces, bool withInvalidBytes)
    {
        var random = new Random(seed);
        var bytes = new List<byte>();

        for (var count = 0; count < pieces; count++)
        {
            if (withInvalidBytes && random.Next(10) == 0)
            {
                bytes.AddRange(InvalidSequences[random.Next(InvalidSequences.Length)]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(Pieces[random.Next(Pieces.Length)]));
            }
        }

        return [.. bytes];
    }
}
