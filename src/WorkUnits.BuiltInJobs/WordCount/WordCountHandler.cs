using System.Buffers;
using Microsoft.Win32.SafeHandles;
using WorkUnits.Jobs;

namespace WorkUnits.BuiltInJobs.WordCount;

/// <summary>
/// Counts the words that start in one unit's byte range. It reads up to three bytes before the range to
/// learn whether the range opens in the middle of a word counted by the previous range, and reads past the
/// range's end to finish the last word that started inside it. The file is streamed in small blocks.
/// </summary>
public sealed class WordCountHandler : IUnitHandler<WordCountUnit, WordCountUnitResult>
{
    private const int BlockSize = 64 * 1024;
    private const int OverrunBlockSize = 256;

    /// <inheritdoc />
    public async Task<WordCountUnitResult> HandleAsync(WordCountUnit unit, UnitContext context)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(unit.Offset);
        ArgumentOutOfRangeException.ThrowIfNegative(unit.Length);

        var scanner = new RangeWordScanner(unit.Offset, unit.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            using var file = File.OpenHandle(unit.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await ScanAsync(file, scanner, buffer, unit.Offset + unit.Length, context.CancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new WordCountUnitResult(scanner.Words);
    }

    private static async Task ScanAsync(
        SafeFileHandle file,
        RangeWordScanner scanner,
        byte[] buffer,
        long end,
        CancellationToken cancellationToken)
    {
        var position = scanner.FirstPosition;
        var kept = 0;

        while (!scanner.IsDone)
        {
            // Up to the range's end (plus a character's worth) in large blocks, past it in small ones:
            // only the last word needs finishing, and words are short.
            var wanted = position < end ? end - position + RangeWordScanner.LookBehind : OverrunBlockSize;
            var room = (int)Math.Min(buffer.Length - kept, wanted);
            var read = await RandomAccess.ReadAsync(file, buffer.AsMemory(kept, room), position, cancellationToken);

            var available = kept + read;
            var used = scanner.Scan(buffer.AsSpan(0, available), position - kept, endOfFile: read == 0);

            position += read;
            kept = available - used;
            buffer.AsSpan(used, kept).CopyTo(buffer);
        }
    }
}
