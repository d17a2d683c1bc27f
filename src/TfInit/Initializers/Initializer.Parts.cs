using System.Buffers;
using System.Runtime.InteropServices;
using TfInit.Numerics;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Filling a part of a tensor: a contiguous row-major range (<c>FillSlice</c>) or an axis-aligned block
/// (<c>FillBlock</c>), the way TensorFlow's partitioned variables hand each initializer its <c>partition_info</c> and
/// JAX's partitionable threefry gives each device its block of one logical tensor. The tensor itself may hold more than
/// int.MaxValue elements; each part fits in one span.
/// </summary>
/// <remarks>
/// Element-wise initializers (every random initializer whose element i depends only on the seed and i on the
/// Philox stream, and Zeros, Ones, Constant) compute exactly the part, at the cost of the part: its values equal the
/// same elements of the whole fill, bit for bit. The others (Orthogonal, Sparse, DeltaOrthogonal, Identity, Eye, Dirac)
/// depend on the whole tensor: a part is cut from the whole fill, which is computed only for tensors of at most
/// <see cref="MaxWholeElementsForParts"/> elements and refused with an <see cref="ArgumentException"/> beyond. Parts
/// always come from the initializer's own seeded stream: the NumPy stream is sequential and has no parts.
/// </remarks>
public abstract partial class Initializer
{
    /// <summary>The largest tensor whose parts a non-element-wise initializer computes by filling it whole (2^26 elements).</summary>
    public const long MaxWholeElementsForParts = 1L << 26;

    /// <summary>
    /// Whether a part (slice or block) costs only the part, its values being element-wise on the initializer's stream;
    /// false cuts parts from one whole fill (see <see cref="MaxWholeElementsForParts"/>).
    /// </summary>
    public virtual bool FillsPartsAlone => false;

    /// <summary>
    /// Fills elements [<paramref name="offset"/>, offset + destination.Length) of the tensor that
    /// <see cref="Fill(Span{double}, ReadOnlySpan{int}, RandomStream?)"/> would produce.
    /// </summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The shape of the whole tensor (which may hold more than int.MaxValue elements).</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the tensor.</exception>
    /// <exception cref="ArgumentException">A non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements.</exception>
    public void FillSlice(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        CheckSlice(destination.Length, shape, offset);
        FillSliceCore(destination, shape, offset);
        FiniteValues.Check<double>(this, destination, offset);
    }

    /// <summary>
    /// Fills elements [<paramref name="offset"/>, offset + destination.Length) of the tensor that
    /// <see cref="Fill(Span{float}, ReadOnlySpan{int}, RandomStream?)"/> would produce (computed in double, rounded once).
    /// </summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The shape of the whole tensor (which may hold more than int.MaxValue elements).</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the tensor.</exception>
    /// <exception cref="ArgumentException">A non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements.</exception>
    public void FillSlice(Span<float> destination, ReadOnlySpan<int> shape, long offset)
    {
        CheckSlice(destination.Length, shape, offset);
        FillSliceCore(destination, shape, offset);
        FiniteValues.Check<float>(this, destination, offset);
    }

    /// <summary>
    /// Fills elements [<paramref name="offset"/>, offset + destination.Length) of the tensor that
    /// <see cref="Fill(Span{Half}, ReadOnlySpan{int}, RandomStream?)"/> would produce (rounded once from double).
    /// </summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The shape of the whole tensor (which may hold more than int.MaxValue elements).</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the tensor.</exception>
    /// <exception cref="ArgumentException">A non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements, or a value beyond Half's range.</exception>
    public void FillSlice(Span<Half> destination, ReadOnlySpan<int> shape, long offset)
    {
        CheckSlice(destination.Length, shape, offset);
        FillSliceCore(destination, shape, offset);
        FiniteValues.Check<Half>(this, destination, offset);
    }

    /// <summary>
    /// Fills elements [<paramref name="offset"/>, offset + destination.Length) of the tensor that
    /// <see cref="Fill(Span{BFloat16}, ReadOnlySpan{int}, RandomStream?)"/> would produce (the float32 values, rounded to nearest even).
    /// </summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The shape of the whole tensor (which may hold more than int.MaxValue elements).</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slice does not lie inside the tensor.</exception>
    /// <exception cref="ArgumentException">A non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements, or a parameter that makes values beyond bfloat16's range.</exception>
    public void FillSlice(Span<BFloat16> destination, ReadOnlySpan<int> shape, long offset)
    {
        CheckSlice(destination.Length, shape, offset);
        FillSliceCore(destination, shape, offset);
        FiniteValues.Check(this, destination, offset);
    }

    /// <summary>
    /// Fills the axis-aligned block of <paramref name="fullShape"/> that starts at <paramref name="blockOffset"/> and has
    /// shape <paramref name="blockShape"/>, in row-major order of the block: the values of that block of the whole fill.
    /// </summary>
    /// <param name="destination">Storage for the block; its length is the element count of <paramref name="blockShape"/>.</param>
    /// <param name="fullShape">The shape of the whole tensor.</param>
    /// <param name="blockOffset">The block's first index along each axis.</param>
    /// <param name="blockShape">The block's size along each axis.</param>
    /// <exception cref="ArgumentException">Ranks that differ, a block outside the tensor, a destination of the wrong length, or a non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements.</exception>
    public void FillBlock(Span<double> destination, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape) =>
        FillBlockAs(destination, fullShape, blockOffset, blockShape);

    /// <summary>
    /// Fills an axis-aligned block as <see cref="FillBlock(Span{double}, ReadOnlySpan{int}, ReadOnlySpan{long}, ReadOnlySpan{int})"/>
    /// does, with the values of <see cref="Fill(Span{float}, ReadOnlySpan{int}, RandomStream?)"/>.
    /// </summary>
    /// <param name="destination">Storage for the block; its length is the element count of <paramref name="blockShape"/>.</param>
    /// <param name="fullShape">The shape of the whole tensor.</param>
    /// <param name="blockOffset">The block's first index along each axis.</param>
    /// <param name="blockShape">The block's size along each axis.</param>
    /// <exception cref="ArgumentException">Ranks that differ, a block outside the tensor, a destination of the wrong length, or a non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements.</exception>
    public void FillBlock(Span<float> destination, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape) =>
        FillBlockAs(destination, fullShape, blockOffset, blockShape);

    /// <summary>
    /// Fills an axis-aligned block as <see cref="FillBlock(Span{double}, ReadOnlySpan{int}, ReadOnlySpan{long}, ReadOnlySpan{int})"/>
    /// does, with the values of <see cref="Fill(Span{Half}, ReadOnlySpan{int}, RandomStream?)"/>.
    /// </summary>
    /// <param name="destination">Storage for the block; its length is the element count of <paramref name="blockShape"/>.</param>
    /// <param name="fullShape">The shape of the whole tensor.</param>
    /// <param name="blockOffset">The block's first index along each axis.</param>
    /// <param name="blockShape">The block's size along each axis.</param>
    /// <exception cref="ArgumentException">Ranks that differ, a block outside the tensor, a destination of the wrong length, a non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements, or a value beyond Half's range.</exception>
    public void FillBlock(Span<Half> destination, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape) =>
        FillBlockAs(destination, fullShape, blockOffset, blockShape);

    /// <summary>
    /// Fills an axis-aligned block as <see cref="FillBlock(Span{double}, ReadOnlySpan{int}, ReadOnlySpan{long}, ReadOnlySpan{int})"/>
    /// does, with the values of <see cref="Fill(Span{BFloat16}, ReadOnlySpan{int}, RandomStream?)"/>.
    /// </summary>
    /// <param name="destination">Storage for the block; its length is the element count of <paramref name="blockShape"/>.</param>
    /// <param name="fullShape">The shape of the whole tensor.</param>
    /// <param name="blockOffset">The block's first index along each axis.</param>
    /// <param name="blockShape">The block's size along each axis.</param>
    /// <exception cref="ArgumentException">Ranks that differ, a block outside the tensor, a destination of the wrong length, a non-element-wise initializer on a tensor above <see cref="MaxWholeElementsForParts"/> elements, or a parameter that makes values beyond bfloat16's range.</exception>
    public void FillBlock(Span<BFloat16> destination, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape) =>
        FillBlockAs(destination, fullShape, blockOffset, blockShape);

    /// <summary>Writes one slice of doubles. The default cuts it from the whole fill (see <see cref="MaxWholeElementsForParts"/>).</summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The validated shape of the whole tensor.</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    protected virtual void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        var whole = new double[WholeCountForParts(shape)];
        FillCore(whole, shape, null);
        whole.AsSpan((int)offset, destination.Length).CopyTo(destination);
    }

    /// <summary>Writes one slice of floats: by default the double slice, rounded once.</summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The validated shape of the whole tensor.</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    protected virtual void FillSliceCore(Span<float> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceThroughDoubles(destination, shape, offset);

    /// <summary>Writes one slice of half-precision floats: by default the double slice, rounded once.</summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The validated shape of the whole tensor.</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    protected virtual void FillSliceCore(Span<Half> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceThroughDoubles(destination, shape, offset);

    /// <summary>Writes one slice of bfloat16 values: by default the double slice, rounded to float32 and then to bfloat16.</summary>
    /// <param name="destination">Storage for the slice.</param>
    /// <param name="shape">The validated shape of the whole tensor.</param>
    /// <param name="offset">Row-major index of the slice's first element.</param>
    protected virtual void FillSliceCore(Span<BFloat16> destination, ReadOnlySpan<int> shape, long offset) =>
        SliceThroughDoubles(destination, shape, offset);

    private static void CheckSlice(int length, ReadOnlySpan<int> shape, long offset)
    {
        long count = Shape.LongElementCount(shape);
        if (offset < 0 || offset > count - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"A slice of {length} elements at offset {offset} does not lie inside shape {Shape.Format(shape)} of {count} elements.");
        }
    }

    /// <summary>The whole tensor's element count, for a part cut from the whole fill; refused beyond the limit.</summary>
    private int WholeCountForParts(ReadOnlySpan<int> shape)
    {
        long count = Shape.LongElementCount(shape);
        if (count > MaxWholeElementsForParts)
        {
            throw new ArgumentException(
                $"{ClassName} is not element-wise (its values depend on the whole tensor), so a part of shape {Shape.Format(shape)} needs the whole " +
                $"{count}-element fill; TfInit computes that only up to {MaxWholeElementsForParts} elements. Fill the whole tensor, or use an element-wise initializer.",
                nameof(shape));
        }

        return (int)count;
    }

    /// <summary>The default narrow slice: the double slice (pooled), then <see cref="Round{T}"/>.</summary>
    private protected void SliceThroughDoubles<T>(Span<T> destination, ReadOnlySpan<int> shape, long offset)
        where T : unmanaged
    {
        double[] buffer = ArrayPool<double>.Shared.Rent(destination.Length);
        try
        {
            var values = buffer.AsSpan(0, destination.Length);
            FillSliceCore(values, shape, offset);
            Round<T>(values, destination);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private void FillBlockAs<T>(Span<T> destination, ReadOnlySpan<int> fullShape, ReadOnlySpan<long> blockOffset, ReadOnlySpan<int> blockShape)
        where T : unmanaged
    {
        Shape.LongElementCount(fullShape, nameof(fullShape));
        int rank = fullShape.Length;
        if (blockOffset.Length != rank || blockShape.Length != rank)
        {
            throw new ArgumentException(
                $"The block needs one offset and one size per axis of shape {Shape.Format(fullShape)} (rank {rank}); got {blockOffset.Length} offsets and {blockShape.Length} sizes.",
                nameof(blockShape));
        }

        for (int d = 0; d < rank; d++)
        {
            if (blockOffset[d] < 0 || blockShape[d] <= 0 || blockOffset[d] > fullShape[d] - (long)blockShape[d])
            {
                throw new ArgumentOutOfRangeException(nameof(blockOffset), blockOffset[d],
                    $"Axis {d} of the block, offset {blockOffset[d]} and size {blockShape[d]}, does not lie inside dimension {fullShape[d]} of shape {Shape.Format(fullShape)}; each size must be positive and offset + size at most the dimension.");
            }
        }

        int count = Shape.ElementCount(blockShape, nameof(blockShape));
        if (destination.Length != count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} elements but the block {Shape.Format(blockShape)} has {count}.", nameof(destination));
        }

        // The block is a set of contiguous runs: the trailing axes it covers whole, times its extent on the next one.
        int k = rank - 1;
        long run = 1;
        while (k >= 0 && blockShape[k] == fullShape[k])
        {
            run *= fullShape[k];
            k--;
        }

        long stride = run;
        if (k >= 0)
        {
            run *= blockShape[k];
        }

        T[]? whole = null;
        if (!FillsPartsAlone)
        {
            // Not element-wise: one whole fill for all the runs (refused for huge tensors), not one per run.
            whole = new T[WholeCountForParts(fullShape)];
            FillWhole(whole, fullShape);
        }

        // Strides of the axes before k, and the flat offset of each run from the block's index along them.
        Span<long> strides = stackalloc long[Math.Max(k, 0)];
        long s = stride * (k >= 0 ? fullShape[k] : 1);
        for (int d = k - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= fullShape[d];
        }

        Span<int> index = stackalloc int[Math.Max(k, 0)];
        long kStart = k >= 0 ? blockOffset[k] * stride : 0;
        for (int at = 0; at < count; at += (int)run)
        {
            long offset = kStart;
            for (int d = 0; d < k; d++)
            {
                offset += (blockOffset[d] + index[d]) * strides[d];
            }

            var target = destination.Slice(at, (int)run);
            if (whole is null)
            {
                FillSliceAs(target, fullShape, offset);
            }
            else
            {
                whole.AsSpan((int)offset, (int)run).CopyTo(target);
            }

            for (int d = k - 1; d >= 0 && ++index[d] == blockShape[d]; d--)
            {
                index[d] = 0;
            }
        }

    }

    private void FillSliceAs<T>(Span<T> destination, ReadOnlySpan<int> shape, long offset)
        where T : unmanaged
    {
        // The public FillSlice, so that every run is checked for Inf and NaN as a slice is.
        if (typeof(T) == typeof(double))
        {
            FillSlice(MemoryMarshal.Cast<T, double>(destination), shape, offset);
        }
        else if (typeof(T) == typeof(float))
        {
            FillSlice(MemoryMarshal.Cast<T, float>(destination), shape, offset);
        }
        else if (typeof(T) == typeof(Half))
        {
            FillSlice(MemoryMarshal.Cast<T, Half>(destination), shape, offset);
        }
        else
        {
            FillSlice(MemoryMarshal.Cast<T, BFloat16>(destination), shape, offset);
        }
    }

    private void FillWhole<T>(T[] whole, ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Fill(MemoryMarshal.Cast<T, double>(whole.AsSpan()), shape);
        }
        else if (typeof(T) == typeof(float))
        {
            Fill(MemoryMarshal.Cast<T, float>(whole.AsSpan()), shape);
        }
        else if (typeof(T) == typeof(Half))
        {
            Fill(MemoryMarshal.Cast<T, Half>(whole.AsSpan()), shape);
        }
        else
        {
            Fill(MemoryMarshal.Cast<T, BFloat16>(whole.AsSpan()), shape);
        }
    }
}
