namespace TfInit.Shapes;

/// <summary>
/// Explicit input, output and batch axes for fan computation, as JAX's
/// <c>variance_scaling(in_axis=-2, out_axis=-1, batch_axis=())</c>, where each may be one axis or a tuple of axes:
/// in_size = product of the input dimensions, out_size = product of the output dimensions, receptive field rf =
/// product of the dimensions on none of the three lists; fan_in = in_size * rf, fan_out = out_size * rf.
/// </summary>
public sealed class FanAxes : IEquatable<FanAxes>
{
    private readonly int[] _in;
    private readonly int[] _out;
    private readonly int[] _batch;

    /// <summary>One input axis and one output axis (JAX's integer form).</summary>
    /// <param name="inAxis">The input axis; negative counts from the end.</param>
    /// <param name="outAxis">The output axis; negative counts from the end.</param>
    /// <param name="batchAxes">Axes left out of the receptive field (may be empty).</param>
    public FanAxes(int inAxis = -2, int outAxis = -1, params int[] batchAxes)
        : this([inAxis], [outAxis], batchAxes)
    {
    }

    /// <summary>Lists of axes (JAX's tuple form, e.g. <c>in_axis=(0, 1), out_axis=(-2, -1)</c>).</summary>
    /// <param name="inAxes">The input axes (an empty list is an input size of 1, as JAX's product of nothing).</param>
    /// <param name="outAxes">The output axes.</param>
    /// <param name="batchAxes">Axes left out of the receptive field (may be empty).</param>
    public FanAxes(IReadOnlyList<int> inAxes, IReadOnlyList<int> outAxes, IReadOnlyList<int> batchAxes)
    {
        ArgumentNullException.ThrowIfNull(inAxes);
        ArgumentNullException.ThrowIfNull(outAxes);
        ArgumentNullException.ThrowIfNull(batchAxes);
        _in = [.. inAxes];
        _out = [.. outAxes];
        _batch = [.. batchAxes];
    }

    /// <summary>The input axes (JAX's <c>in_axis</c>).</summary>
    public IReadOnlyList<int> InAxes => _in;

    /// <summary>The output axes (JAX's <c>out_axis</c>).</summary>
    public IReadOnlyList<int> OutAxes => _out;

    /// <summary>The batch axes (JAX's <c>batch_axis</c>), left out of the receptive field.</summary>
    public IReadOnlyList<int> BatchAxes => _batch;

    /// <summary>Computes the fans of <paramref name="shape"/> along these axes.</summary>
    /// <param name="shape">The weight shape; rank 2 or more, as JAX requires.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">Rank below 2, an axis outside the shape, or an axis named twice.</exception>
    public Fans Compute(ReadOnlySpan<int> shape) => Fans.Compute(shape, _in, _out, _batch);

    /// <inheritdoc />
    public bool Equals(FanAxes? other) =>
        other is not null && _in.AsSpan().SequenceEqual(other._in) && _out.AsSpan().SequenceEqual(other._out)
        && _batch.AsSpan().SequenceEqual(other._batch);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FanAxes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int[] list in (int[][])[_in, _out, _batch])
        {
            hash.Add(list.Length);
            foreach (int a in list)
            {
                hash.Add(a);
            }
        }

        return hash.ToHashCode();
    }

    /// <summary>JAX's spelling: <c>in_axis=-2, out_axis=-1, batch_axis=()</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"in_axis={Format(_in)}, out_axis={Format(_out)}, batch_axis={Format(_batch, tuple: true)}";

    private static string Format(int[] axes, bool tuple = false) => axes.Length == 1 && !tuple
        ? axes[0].ToString(System.Globalization.CultureInfo.InvariantCulture)
        : "(" + string.Join(", ", axes) + (axes.Length == 1 ? ",)" : ")");
}
