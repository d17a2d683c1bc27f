using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// TensorFlow 1.x <c>tf.uniform_unit_scaling_initializer(factor=1.0, seed=None)</c> (TF 1.15,
/// <c>tensorflow/python/ops/init_ops.py</c>, class <c>UniformUnitScaling</c>; deprecated there in favour of
/// variance_scaling with a uniform distribution): U[-limit, limit) with
/// <c>limit = sqrt(3 / input_size) * factor</c>, where input_size = max(1, product of all dimensions but the last),
/// the input size of a matrix multiply or a convolution (Sussillo and Abbott, "Random Walk Initialization for
/// Training Very Deep Feedforward Networks", 2014). Unlike VarianceScaling, a rank-1 shape has input_size 1.
/// </summary>
public sealed class UniformUnitScaling : RandomInitializer, IRegisteredInitializer<UniformUnitScaling>
{
    private const double DefaultFactor = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="factor">Multiplies the limit; finite (TF's suggestions: linear 1.0, relu about 1.43, tanh about 1.15).</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite factor or a seed out of range.</exception>
    public UniformUnitScaling(double factor = DefaultFactor, long? seed = null)
        : base(seed)
    {
        Check.Finite(factor, nameof(factor));
        Factor = factor;
    }

    /// <summary>The multiplicative factor of the limit.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public static string Formula => "U[-limit, limit), limit = sqrt(3 / max(1, prod(shape[:-1]))) * factor (TF 1.x)";

    /// <inheritdoc />
    public static int ListOrder => 260;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["uniform_unit_scaling_initializer"];

    /// <inheritdoc />
    public static UniformUnitScaling FromConfig(ConfigReader config) => new(config.Double("factor", DefaultFactor), config.Seed());

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <summary>The limit for a shape: sqrt(3 / input_size) * factor.</summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>The limit (negative when the factor is).</returns>
    public double LimitFor(ReadOnlySpan<int> shape)
    {
        // TF multiplies floats: input_size = 1.0; for dim in shape[:-1]: input_size *= float(dim).
        double inputSize = 1.0;
        for (int i = 0; i < shape.Length - 1; i++)
        {
            inputSize *= shape[i];
        }

        return Math.Sqrt(3 / Math.Max(inputSize, 1.0)) * Factor;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["factor"] = Factor;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        double limit = LimitFor(shape);
        Distributions.Uniform(destination, stream, -limit, limit);
    }
}
