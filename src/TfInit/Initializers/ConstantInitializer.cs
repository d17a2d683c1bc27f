using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// TensorFlow 1.x <c>tf.constant_initializer(value=0, verify_shape=False)</c> (TF 1.15 <c>init_ops.Constant</c>, which
/// fills through <c>tf.constant(value, shape=shape)</c>): the value's elements in row-major order, reshaped to the
/// shape, and when there are fewer of them than the shape holds, the rest filled with the last one (as TF's
/// <c>Tensor::FromProto</c> pads a short proto; an empty value gives zeros). More elements than the shape holds are an
/// error ("Too many elements provided"), and with <c>verify_shape=True</c> the value's shape must equal the tensor's.
/// Keras's <see cref="Constant"/> broadcasts instead.
/// </summary>
public sealed class ConstantInitializer : Initializer, IRegisteredInitializer<ConstantInitializer>
{
    private const double DefaultValue = 0.0;
    private const bool DefaultVerifyShape = false;

    private readonly double[] _flat;
    private readonly int[] _valueShape;

    /// <summary>Creates the initializer from a scalar value (TF's <c>np.isscalar(value)</c>).</summary>
    /// <param name="value">The value; finite.</param>
    /// <param name="verifyShape">True to require the tensor's shape to be the value's, here () (a scalar).</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite value.</exception>
    public ConstantInitializer(double value = DefaultValue, bool verifyShape = DefaultVerifyShape)
    {
        Check.Finite(value, nameof(value));
        Value = value;
        _flat = [value];
        _valueShape = [];
        VerifyShape = verifyShape;
    }

    /// <summary>Creates the initializer from a list or array value.</summary>
    /// <param name="value">The values (their shape matters only with <paramref name="verifyShape"/>).</param>
    /// <param name="verifyShape">True to require the tensor's shape to equal the value's.</param>
    /// <exception cref="ArgumentNullException">A null value.</exception>
    public ConstantInitializer(ArrayValue value, bool verifyShape = DefaultVerifyShape)
    {
        ArgumentNullException.ThrowIfNull(value);
        Array = value;
        Value = value.Count > 0 ? value.Values[^1] : 0;
        _flat = value.Values.ToArray();
        _valueShape = value.Shape.ToArray();
        VerifyShape = verifyShape;
    }

    /// <summary>The scalar value; for an <see cref="Array"/>, its last element (the one that pads a larger shape).</summary>
    public double Value { get; }

    /// <summary>The list or array value, or null for a scalar.</summary>
    public ArrayValue? Array { get; }

    /// <summary>Whether the tensor's shape must equal the value's (TF's <c>verify_shape</c>).</summary>
    public bool VerifyShape { get; }

    /// <inheritdoc />
    public static string Formula => "value's elements row-major, padded with its last one (TF 1.x tf.constant)";

    /// <inheritdoc />
    public static int ListOrder => 266;

    /// <inheritdoc />
    public static ConstantInitializer FromConfig(ConfigReader config) =>
        config.Array("value") is { } array
            ? new(array, config.Bool("verify_shape", DefaultVerifyShape))
            : new(config.Double("value", DefaultValue), config.Bool("verify_shape", DefaultVerifyShape));

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["value"] = Array is null ? Value : Array,
        ["verify_shape"] = VerifyShape,
    };

    /// <inheritdoc />
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    /// <remarks>TF 1.15 makes an empty tensor without looking at the value (<c>np.empty(shape)</c>), so nothing is checked.</remarks>
    protected override void FillEmpty(ReadOnlySpan<int> shape)
    {
    }

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        FillSliceCore(destination, shape, 0);

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset)
    {
        long count = Shape.LongElementCount(shape);
        if (VerifyShape && !shape.SequenceEqual(_valueShape))
        {
            // TF 1.15's message, from tensor_util.make_tensor_proto.
            throw new ArgumentException(
                $"Expected Tensor's shape: {Shape.Format(shape)}, got {Shape.Format(_valueShape)} (verify_shape=True needs the value's shape to be the tensor's).", "shape");
        }

        if (_flat.Length > count)
        {
            throw new ArgumentException(
                $"Too many elements provided. Needed at most {count}, but received {_flat.Length}: the value holds more elements than shape {Shape.Format(shape)}.", "shape");
        }

        double pad = _flat.Length > 0 ? _flat[^1] : 0;
        for (int i = 0; i < destination.Length; i++)
        {
            long at = offset + i;
            destination[i] = at < _flat.Length ? _flat[at] : pad;
        }
    }
}
