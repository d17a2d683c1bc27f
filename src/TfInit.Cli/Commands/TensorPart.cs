using System.Globalization;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>
/// The part of a tensor <c>tfinit init</c> writes: an axis-aligned block given by <c>--block OFFSETS:SIZES</c>, or the
/// K-th of N row ranges given by <c>--shard K/N</c> (K from 0; TensorFlow's fixed-size axis-0 partitioning: the first
/// dim0 mod N shards get one row more).
/// </summary>
/// <param name="Offset">The block's first index along each axis.</param>
/// <param name="Size">The block's size along each axis.</param>
internal sealed record TensorPart(long[] Offset, int[] Size)
{
    /// <summary>The part the options name, or null for the whole tensor.</summary>
    /// <param name="block">The --block text, or null.</param>
    /// <param name="shard">The --shard text, or null.</param>
    /// <param name="shape">The whole tensor's shape.</param>
    /// <returns>The part, or null.</returns>
    /// <exception cref="UsageException">Both options, text that does not parse, or a part outside the tensor.</exception>
    public static TensorPart? From(string? block, string? shard, int[] shape)
    {
        if (block is not null && shard is not null)
        {
            throw new UsageException("init: give --block or --shard, not both.");
        }

        if (shard is not null)
        {
            return Shard(shard, shape);
        }

        return block is null ? null : Block(block, shape);
    }

    private static TensorPart Shard(string text, int[] shape)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || k >= n)
        {
            throw new UsageException($"init: --shard '{text}' is not K/N with 0 <= K < N (for example 0/4, the first of four row ranges).");
        }

        if (shape.Length == 0 || n > shape[0])
        {
            throw new UsageException($"init: --shard {text} needs at least {n} rows along axis 0; shape {Shape.Format(shape)} has {(shape.Length == 0 ? 0 : shape[0])}.");
        }

        int rows = shape[0] / n;
        int extra = shape[0] % n;
        long start = ((long)k * rows) + Math.Min(k, extra);
        var offset = new long[shape.Length];
        offset[0] = start;
        var size = (int[])shape.Clone();
        size[0] = rows + (k < extra ? 1 : 0);
        return new TensorPart(offset, size);
    }

    private static TensorPart Block(string text, int[] shape)
    {
        var halves = text.Split(':');
        long[]? offset = halves.Length == 2 ? Numbers(halves[0]) : null;
        long[]? size = halves.Length == 2 ? Numbers(halves[1]) : null;
        if (offset is null || size is null)
        {
            throw new UsageException($"init: --block '{text}' is not OFFSETS:SIZES, two comma-separated lists of integers (for example 0,0:64016,16384).");
        }

        if (offset.Length != shape.Length || size.Length != shape.Length)
        {
            throw new UsageException($"init: --block {text} needs {shape.Length} offsets and {shape.Length} sizes, one per axis of shape {Shape.Format(shape)}.");
        }

        long count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (size[d] < 1 || offset[d] + size[d] > shape[d])
            {
                throw new UsageException(
                    $"init: --block {text}: axis {d} (offset {offset[d]}, size {size[d]}) does not lie inside dimension {shape[d]}; sizes must be positive and offset + size at most the dimension.");
            }

            count *= size[d];
        }

        if (count > int.MaxValue)
        {
            throw new UsageException($"init: --block {text} holds {count} elements; one block holds at most {int.MaxValue}: split it.");
        }

        return new TensorPart(offset, size.Select(s => (int)s).ToArray());
    }

    private static long[]? Numbers(string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new long[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!long.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
