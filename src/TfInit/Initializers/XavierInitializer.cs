namespace TfInit.Initializers;

/// <summary>
/// TensorFlow 1.x <c>tf.contrib.layers.xavier_initializer(uniform=True, seed=None)</c> and its alias
/// <c>xavier_initializer_conv2d</c> (TF 1.15, <c>tensorflow/contrib/layers/python/layers/initializers.py</c>):
/// <see cref="ContribVarianceScaling"/> with factor 1.0 and mode FAN_AVG (Glorot and Bengio, "Understanding the
/// difficulty of training deep feedforward neural networks", 2010). uniform: limit = sqrt(6 / (fan_in + fan_out));
/// normal: a normal of stddev sqrt(2.6 / (fan_in + fan_out)) cut at 2 stddev (not Keras's GlorotNormal, which divides
/// by 0.8796).
/// </summary>
public sealed class XavierInitializer : ContribVarianceScaling, IRegisteredInitializer<XavierInitializer>
{
    private const bool DefaultUniform = true;

    /// <summary>Creates the initializer.</summary>
    /// <param name="uniform">True for the uniform distribution, false for the truncated normal.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public XavierInitializer(bool uniform = DefaultUniform, long? seed = null)
        : base(1.0, "FAN_AVG", uniform, seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula =>
        "ContribVarianceScaling(factor=1.0, mode=FAN_AVG): uniform limit sqrt(6 / (in + out)), else std sqrt(2.6 / (in + out)) cut at 2 std (TF 1.x contrib)";

    /// <inheritdoc />
    public static new int ListOrder => 264;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["xavier_initializer_conv2d"];

    /// <inheritdoc />
    public static new XavierInitializer FromConfig(ConfigReader config) => new(config.Bool("uniform", DefaultUniform), config.Seed());

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["uniform"] = Uniform;
        return config;
    }
}
