namespace TfInit.Shapes;

/// <summary>
/// The number of input and output units of a weight tensor, as used by variance-scaling initializers.
/// </summary>
/// <param name="FanIn">Input units times the receptive field size.</param>
/// <param name="FanOut">Output units times the receptive field size.</param>
public readonly record struct Fans(long FanIn, long FanOut)
{
    /// <summary>
    /// Computes the fans of <paramref name="shape"/>.
    /// Keras (<c>compute_fans</c>): rank 0 gives (1, 1); rank 1 (n, n); rank 2 (shape[0], shape[1]);
    /// higher ranks rf = prod(shape[:-2]), fan_in = shape[-2] * rf, fan_out = shape[-1] * rf.
    /// PyTorch (<c>_calculate_fan_in_and_fan_out</c>): rank &lt; 2 is an error;
    /// rf = prod(shape[2:]), fan_in = shape[1] * rf, fan_out = shape[0] * rf.
    /// </summary>
    /// <param name="shape">The weight shape.</param>
    /// <param name="layout">Which convention names the dimensions.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">PyTorch layout with rank below 2, or an invalid shape.</exception>
    public static Fans Compute(ReadOnlySpan<int> shape, FanLayout layout = FanLayout.Keras)
    {
        Shape.LongElementCount(shape);
        if (layout == FanLayout.Torch)
        {
            if (shape.Length < 2)
            {
                throw new ArgumentException(
                    $"Fan in and fan out cannot be computed for shape {Shape.Format(shape)} of rank {shape.Length} in the torch layout; it needs rank 2 or more ([out, in, ...]).",
                    nameof(shape));
            }

            long rf = Product(shape[2..]);
            return new Fans(shape[1] * rf, shape[0] * rf);
        }

        return shape.Length switch
        {
            0 => new Fans(1, 1),
            1 => new Fans(shape[0], shape[0]),
            _ => new Fans(shape[^2] * Product(shape[..^2]), shape[^1] * Product(shape[..^2])),
        };
    }

    /// <summary>
    /// Computes fans from one input and one output axis, as JAX's <c>variance_scaling(in_axis, out_axis, batch_axis)</c>
    /// with integer axes; see <see cref="Compute(ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int})"/>.
    /// </summary>
    /// <param name="shape">The weight shape.</param>
    /// <param name="inAxis">The input axis (JAX's default is -2).</param>
    /// <param name="outAxis">The output axis (JAX's default is -1).</param>
    /// <param name="batchAxes">Axes excluded from the receptive field.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">Rank below 2, an axis outside the shape's rank, or input and output on the same axis.</exception>
    public static Fans Compute(ReadOnlySpan<int> shape, int inAxis, int outAxis, ReadOnlySpan<int> batchAxes = default) =>
        Compute(shape, [inAxis], [outAxis], batchAxes);

    /// <summary>
    /// Computes fans from lists of axes, as JAX's <c>_compute_fans(shape, in_axis, out_axis, batch_axis)</c> with tuple
    /// axes: in_size = prod(shape[inAxes]), out_size = prod(shape[outAxes]), rf = the product of the dimensions on none of
    /// the three lists; fan_in = in_size * rf, fan_out = out_size * rf. Negative axes count from the end. JAX divides the
    /// element count by the three sizes instead, which is the same number when no axis is named twice; TfInit refuses an
    /// axis named twice (JAX would count it twice and give a fractional receptive field).
    /// </summary>
    /// <param name="shape">The weight shape; rank 2 or more, as JAX requires.</param>
    /// <param name="inAxes">The input axes (JAX's <c>in_axis</c>).</param>
    /// <param name="outAxes">The output axes (JAX's <c>out_axis</c>).</param>
    /// <param name="batchAxes">The batch axes (JAX's <c>batch_axis</c>), excluded from the receptive field.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">Rank below 2, an axis outside the shape's rank, or an axis named twice.</exception>
    public static Fans Compute(ReadOnlySpan<int> shape, ReadOnlySpan<int> inAxes, ReadOnlySpan<int> outAxes, ReadOnlySpan<int> batchAxes)
    {
        Shape.LongElementCount(shape);
        if (shape.Length < 2)
        {
            throw new ArgumentException(
                $"Can't compute input and output sizes of a {shape.Length}-dimensional weights tensor {Shape.Format(shape)} from in_axis / out_axis: it must be at least 2-D (as JAX's variance_scaling).",
                nameof(shape));
        }

        Span<bool> named = stackalloc bool[shape.Length];
        long inSize = MarkAxes(shape, inAxes, named, "in_axis");
        long outSize = MarkAxes(shape, outAxes, named, "out_axis");
        MarkAxes(shape, batchAxes, named, "batch_axis");
        long rf = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!named[d])
            {
                rf *= shape[d];
            }
        }

        return new Fans(inSize * rf, outSize * rf);
    }

    /// <summary>
    /// Computes fans from Keras 3.15+'s <c>input_axes</c> and <c>output_axes</c> (<c>compute_fans(shape, input_axes,
    /// output_axes)</c>): fan_in = prod(shape[inputAxes]), fan_out = prod(shape[outputAxes]), with no receptive field.
    /// E.g. a multi-head attention query kernel (512, 8, 64) with input_axes [0] and output_axes [1, 2] has fan_in 512
    /// and fan_out 512. Negative axes count from the end, as Python indexing; an axis may appear in both lists.
    /// </summary>
    /// <param name="shape">The weight shape.</param>
    /// <param name="inputAxes">Keras's <c>input_axes</c>.</param>
    /// <param name="outputAxes">Keras's <c>output_axes</c>.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">An axis outside the shape's rank (named input_axes or output_axes).</exception>
    public static Fans FromInputOutputAxes(ReadOnlySpan<int> shape, ReadOnlySpan<int> inputAxes, ReadOnlySpan<int> outputAxes)
    {
        Shape.LongElementCount(shape);
        long fanIn = 1;
        foreach (int a in inputAxes)
        {
            fanIn *= shape[NormalizeAxis(a, shape.Length, "input_axes")];
        }

        long fanOut = 1;
        foreach (int a in outputAxes)
        {
            fanOut *= shape[NormalizeAxis(a, shape.Length, "output_axes")];
        }

        return new Fans(fanIn, fanOut);
    }

    private static long MarkAxes(ReadOnlySpan<int> shape, ReadOnlySpan<int> axes, Span<bool> named, string paramName)
    {
        long size = 1;
        foreach (int axis in axes)
        {
            int a = NormalizeAxis(axis, shape.Length, paramName);
            if (named[a])
            {
                throw new ArgumentOutOfRangeException(paramName, axis,
                    $"Axis {axis} of shape {Shape.Format(shape)} is named twice among in_axis, out_axis and batch_axis; each axis may be on one list only.");
            }

            named[a] = true;
            size *= shape[a];
        }

        return size;
    }

    private static long Product(ReadOnlySpan<int> dims)
    {
        long p = 1;
        foreach (int d in dims)
        {
            p *= d;
        }

        return p;
    }

    private static int NormalizeAxis(int axis, int rank, string paramName)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(paramName, axis,
                $"{paramName}: axis {axis} is outside a shape of rank {rank}; allowed: {-rank} to {rank - 1}.");
        }

        return a;
    }
}
