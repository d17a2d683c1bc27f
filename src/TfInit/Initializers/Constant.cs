using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>Constant(value=0)</c> (alias <c>constant</c>): every value is <c>value</c>, or, for an array value, the
/// array broadcast to the shape as Keras 3.16 does it (<c>cast(value, dtype) * ones(shape)</c>, numpy's broadcasting:
/// the value's axes align with the tensor's last axes, and each is the tensor's size or 1).
/// </summary>
public sealed class Constant : Initializer, IRegisteredInitializer<Constant>
{
    private const double DefaultValue = 0.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="value">The value of every element; must be finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A NaN or infinite value.</exception>
    public Constant(double value = DefaultValue)
    {
        Check.Finite(value, nameof(value));
        Value = value;
    }

    /// <summary>Creates the initializer from a float64 numpy array of values, broadcast to each shape it fills.</summary>
    /// <param name="values">The array's elements, row-major.</param>
    /// <param name="shape">The array's shape.</param>
    /// <exception cref="ArgumentException">A shape that does not hold the values, or a non-finite element.</exception>
    public Constant(double[] values, params int[] shape)
        : this(new ArrayValue(values, shape))
    {
    }

    /// <summary>Creates the initializer from an array value (as read from Keras JSON: a list or a <c>__numpy__</c> array).</summary>
    /// <param name="value">The array; a 0-d array is its one element, as numpy's <c>item()</c> (Keras writes it as a number).</param>
    /// <exception cref="ArgumentNullException">A null value.</exception>
    public Constant(ArrayValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape.Length == 0)
        {
            Value = value.Values[0];
            return;
        }

        Array = value;
        Value = double.NaN;
    }

    /// <summary>The value of every element; NaN when the value is an <see cref="Array"/>.</summary>
    public double Value { get; }

    /// <summary>The array value, or null for a scalar <see cref="Value"/>.</summary>
    public ArrayValue? Array { get; }

    /// <inheritdoc />
    public static string Formula => "value, or an array value broadcast to the shape (numpy rules)";

    /// <inheritdoc />
    public static int ListOrder => 30;

    /// <inheritdoc />
    public static Constant FromConfig(ConfigReader config) =>
        config.Array("value") is { } array ? new(array) : new(config.Double("value", DefaultValue));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["value"] = Array is null ? Value : Array };

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillSliceCore(destination, shape, 0);

    /// <inheritdoc />
    /// <remarks>Written directly: no double copy of the tensor.</remarks>
    protected override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream)
    {
        if (Array is null)
        {
            destination.Fill((float)Value);
            return;
        }

        base.FillCore(destination, shape, stream);
    }

    /// <inheritdoc />
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        if (Array is null)
        {
            destination.Fill(Value);
            return;
        }

        Broadcast(Array, destination, shape, offset);
    }

    /// <summary>
    /// Elements [offset, offset + destination.Length) of <paramref name="array"/> broadcast to <paramref name="shape"/>:
    /// an odometer over the tensor's index that moves through the array with stride 0 along the axes it broadcasts.
    /// </summary>
    private static void Broadcast(ArrayValue array, Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        int rank = shape.Length;
        var arrayShape = array.Shape;
        int lead = rank - arrayShape.Length;
        bool fits = lead >= 0;
        for (int d = 0; fits && d < arrayShape.Length; d++)
        {
            fits = arrayShape[d] == shape[lead + d] || arrayShape[d] == 1;
        }

        if (!fits)
        {
            // numpy would broadcast (3,) with (2, 1) to (2, 3), a tensor of another shape; Keras would return it, TfInit refuses.
            throw new ArgumentException(
                $"Constant's value of shape {Shape.Format(arrayShape)} cannot be broadcast to shape {Shape.Format(shape)}: aligned from the last axis, " +
                "each axis of the value must equal the tensor's or be 1, and the value may not have more axes than the tensor.", "shape");
        }

        if (destination.IsEmpty)
        {
            return;
        }

        Span<long> stride = stackalloc long[rank];
        long step = 1;
        for (int d = arrayShape.Length - 1; d >= 0; d--)
        {
            stride[lead + d] = arrayShape[d] == 1 ? 0 : step;
            step *= arrayShape[d];
        }

        Span<int> index = stackalloc int[rank];
        long rest = offset;
        long at = 0;
        for (int d = rank - 1; d >= 0; d--)
        {
            index[d] = (int)(rest % shape[d]);
            rest /= shape[d];
            at += index[d] * stride[d];
        }

        var values = array.Values;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = values[(int)at];
            for (int d = rank - 1; d >= 0; d--)
            {
                at += stride[d];
                if (++index[d] < shape[d])
                {
                    break;
                }

                at -= stride[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
