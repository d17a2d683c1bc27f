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
    /// Computes fans from explicit axes, as JAX's <c>variance_scaling(in_axis, out_axis, batch_axis)</c>:
    /// rf = product of the dimensions that are neither the input, the output nor a batch axis;
    /// fan_in = shape[inAxis] * rf, fan_out = shape[outAxis] * rf. Negative axes count from the end.
    /// </summary>
    /// <param name="shape">The weight shape.</param>
    /// <param name="inAxis">The input axis (JAX's default is -2).</param>
    /// <param name="outAxis">The output axis (JAX's default is -1).</param>
    /// <param name="batchAxes">Axes excluded from the receptive field.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An axis outside the shape's rank, or input and output on the same axis.</exception>
    public static Fans Compute(ReadOnlySpan<int> shape, int inAxis, int outAxis, ReadOnlySpan<int> batchAxes = default)
    {
        Shape.LongElementCount(shape);
        int i = NormalizeAxis(inAxis, shape.Length, nameof(inAxis));
        int o = NormalizeAxis(outAxis, shape.Length, nameof(outAxis));
        if (i == o)
        {
            throw new ArgumentOutOfRangeException(nameof(outAxis), outAxis,
                $"The output axis must differ from the input axis ({inAxis}) for shape {Shape.Format(shape)}.");
        }

        Span<bool> excluded = stackalloc bool[shape.Length];
        excluded[i] = excluded[o] = true;
        foreach (int b in batchAxes)
        {
            excluded[NormalizeAxis(b, shape.Length, nameof(batchAxes))] = true;
        }

        long rf = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (!excluded[d])
            {
                rf *= shape[d];
            }
        }

        return new Fans(shape[i] * rf, shape[o] * rf);
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
                $"Axis {axis} is outside a shape of rank {rank}; allowed: {-rank} to {rank - 1}.");
        }

        return a;
    }
}
