using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>Keras <c>Constant(value=0)</c> (alias <c>constant</c>): every value is <c>value</c>.</summary>
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

    /// <summary>The value of every element.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public static string Formula => "value";

    /// <inheritdoc />
    public static int ListOrder => 30;

    /// <inheritdoc />
    public static Constant FromConfig(ConfigReader config) =>
        new(config.Double("value", DefaultValue));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["value"] = Value };

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Fill(Value);

    /// <inheritdoc />
    /// <remarks>Written directly: no double copy of the tensor.</remarks>
    protected override void FillCore(Span<float> destination, ReadOnlySpan<int> shape, RandomStream? stream) =>
        destination.Fill((float)Value);

    /// <inheritdoc />
    public override bool FillsPartsAlone => true;

    /// <inheritdoc />
    protected override void FillSliceCore(Span<double> destination, ReadOnlySpan<int> shape, long offset) =>
        destination.Fill(Value);
}
