using System.Runtime.InteropServices;
using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Shapes;

namespace TfInit.Cli.Commands;

/// <summary>Takes one chunk of values, which are valid only during the call.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="values">The chunk, the next values in row-major order of the tensor or part.</param>
internal delegate void ChunkConsumer<T>(ReadOnlySpan<T> values);

/// <summary>
/// The values of a tensor (or of a <see cref="TensorPart"/>) of an element-wise initializer, filled one chunk at a
/// time into one reused buffer: memory stays at a chunk, however large the tensor, and the tensor may hold more than
/// int.MaxValue elements. Each chunk equals the same elements of the whole fill bit for bit (FillSlice and FillBlock
/// are element-wise on the Philox stream), and is checked for Inf and NaN as the whole fill is.
/// </summary>
internal sealed class ChunkedFill
{
    /// <summary>About 1M elements (4 MB of float32) per chunk: large enough for the parallel fill, small enough for the cache of the writer.</summary>
    private const int ChunkElements = 1 << 20;

    private readonly Initializer _initializer;
    private readonly int[] _shape;
    private readonly TensorPart? _part;
    private readonly long _rowElements;

    /// <summary>The fill of <paramref name="part"/> (the whole tensor when null) of <paramref name="shape"/>.</summary>
    /// <param name="initializer">An initializer whose <see cref="Initializer.FillsPartsAlone"/> is true.</param>
    /// <param name="shape">The whole tensor's shape.</param>
    /// <param name="part">The part, or null for the whole tensor.</param>
    /// <exception cref="UsageException">One row of the part holds more elements than one span.</exception>
    public ChunkedFill(Initializer initializer, int[] shape, TensorPart? part)
    {
        _initializer = initializer;
        _shape = shape;
        _part = part;
        Count = Shape.LongElementCount(part?.Size ?? shape);
        _rowElements = 1;
        for (int d = 1; part is not null && d < shape.Length; d++)
        {
            _rowElements *= part.Size[d];
        }

        if (_rowElements > int.MaxValue)
        {
            throw new UsageException($"init: one row of shape {Shape.Format(part!.Size)} holds {_rowElements} elements, more than one block can hold; give a smaller --block.");
        }
    }

    /// <summary>How many values the fill gives.</summary>
    public long Count { get; }

    /// <summary>Fills the values chunk by chunk, in row-major order, handing each to <paramref name="consume"/>.</summary>
    /// <typeparam name="T">float, double, Half or BFloat16: the values of the fill of that type.</typeparam>
    /// <param name="consume">Takes each chunk before the next is filled.</param>
    public void ForEach<T>(ChunkConsumer<T> consume)
        where T : unmanaged
    {
        if (_part is null)
        {
            // The whole tensor: flat ranges of the row-major order.
            var buffer = new T[(int)Math.Min(ChunkElements, Count)];
            for (long at = 0; at < Count; at += buffer.Length)
            {
                var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, Count - at));
                FillSlice(chunk, at);
                consume(chunk);
            }

            return;
        }

        // A part: whole rows of the block along axis 0, each group of rows one FillBlock.
        int rows = (int)Math.Clamp(ChunkElements / _rowElements, 1, _part.Size[0]);
        var values = new T[rows * _rowElements];
        var offset = (long[])_part.Offset.Clone();
        var size = (int[])_part.Size.Clone();
        for (long r = 0; r < _part.Size[0]; r += rows)
        {
            size[0] = (int)Math.Min(rows, _part.Size[0] - r);
            offset[0] = _part.Offset[0] + r;
            var chunk = values.AsSpan(0, (int)(size[0] * _rowElements));
            FillBlock(chunk, offset, size);
            consume(chunk);
        }
    }

    private void FillSlice<T>(Span<T> chunk, long at)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            _initializer.FillSlice(MemoryMarshal.Cast<T, float>(chunk), _shape, at);
        }
        else if (typeof(T) == typeof(double))
        {
            _initializer.FillSlice(MemoryMarshal.Cast<T, double>(chunk), _shape, at);
        }
        else if (typeof(T) == typeof(Half))
        {
            _initializer.FillSlice(MemoryMarshal.Cast<T, Half>(chunk), _shape, at);
        }
        else
        {
            _initializer.FillSlice(MemoryMarshal.Cast<T, BFloat16>(chunk), _shape, at);
        }
    }

    private void FillBlock<T>(Span<T> chunk, long[] offset, int[] size)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            _initializer.FillBlock(MemoryMarshal.Cast<T, float>(chunk), _shape, offset, size);
        }
        else if (typeof(T) == typeof(double))
        {
            _initializer.FillBlock(MemoryMarshal.Cast<T, double>(chunk), _shape, offset, size);
        }
        else if (typeof(T) == typeof(Half))
        {
            _initializer.FillBlock(MemoryMarshal.Cast<T, Half>(chunk), _shape, offset, size);
        }
        else
        {
            _initializer.FillBlock(MemoryMarshal.Cast<T, BFloat16>(chunk), _shape, offset, size);
        }
    }
}
