using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>
/// Counts the words that start in one byte range of a UTF-8 file, fed with the file's bytes in order from a
/// little before the range (<see cref="LookBehind"/>) until the last such word has ended.
/// </summary>
/// <remarks>
/// A word is a maximal run of UTF-16 chars for which <see cref="char.IsLetterOrDigit(char)"/> holds in the
/// file decoded as a whole, with invalid bytes replaced by U+FFFD. UTF-8 resynchronizes on every byte that
/// is not a continuation byte, so a well-formed character decodes the same wherever decoding started, and
/// every other byte becomes U+FFFD, which is not a letter. A character outside the BMP decodes to two
/// surrogates, which are not letters either. So a word starts at the first byte of a letter whose previous
/// character is not a letter, and it belongs to the range that byte is in. A character that covers the
/// byte before the range and is a letter starts at most three bytes earlier, hence the look-behind.
/// </remarks>
internal sealed class RangeWordScanner
{
    /// <summary>How many bytes before its range a scan starts, to learn whether a word runs into the range.</summary>
    public const int LookBehind = 3;

    private readonly long _offset;
    private readonly long _end;
    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private char[] _word = new char[64];
    private char[] _lowered = new char[64];
    private int _wordLength;
    private bool _inWord;
    private bool _previousIsLetter;

    public RangeWordScanner(long offset, int length)
    {
        _offset = offset;
        _end = offset + length;
    }

    /// <summary>True once the range's last word has ended; no more bytes are needed.</summary>
    public bool IsDone { get; private set; }

    public IReadOnlyDictionary<string, int> Words => _words;

    /// <summary>Where the first byte to feed is: the range's offset less the look-behind, but not before 0.</summary>
    public long FirstPosition => Math.Max(0, _offset - LookBehind);

    /// <summary>
    /// Scans the next bytes of the file, which start at <paramref name="position"/>; returns how many were
    /// used. The unused bytes (at most three, an incomplete character) must be fed again, followed by more.
    /// </summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="position">The file offset of <paramref name="bytes"/>' first byte.</param>
    /// <param name="endOfFile">True when the file ends after these bytes.</param>
    public int Scan(ReadOnlySpan<byte> bytes, long position, bool endOfFile)
    {
        var index = 0;

        while (index < bytes.Length && !IsDone)
        {
            var status = Rune.DecodeFromUtf8(bytes[index..], out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData && !endOfFile)
            {
                break;
            }

            var isLetter = status == OperationStatus.Done && rune.IsBmp && char.IsLetterOrDigit((char)rune.Value);
            Step(position + index, isLetter, (char)rune.Value);
            index += consumed;
        }

        if (endOfFile && index == bytes.Length)
        {
            EndWord();
            IsDone = true;
        }

        return index;
    }

    private void Step(long start, bool isLetter, char value)
    {
        if (start >= _end && !_inWord)
        {
            IsDone = true;
            return;
        }

        if (start >= _offset)
        {
            if (isLetter && (_inWord || !_previousIsLetter))
            {
                Append(value);
            }
            else if (!isLetter && _inWord)
            {
                EndWord();
            }
        }

        _previousIsLetter = isLetter;
    }

    private void Append(char value)
    {
        if (_wordLength == _word.Length)
        {
            Array.Resize(ref _word, _word.Length * 2);
            _lowered = new char[_word.Length];
        }

        _word[_wordLength++] = value;
        _inWord = true;
    }

    private void EndWord()
    {
        if (!_inWord)
        {
            return;
        }

        var length = _word.AsSpan(0, _wordLength).ToLowerInvariant(_lowered);
        var lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        CollectionsMarshal.GetValueRefOrAddDefault(lookup, _lowered.AsSpan(0, length), out _)++;

        _wordLength = 0;
        _inWord = false;
    }
}
