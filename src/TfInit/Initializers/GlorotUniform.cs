namespace TfInit.Initializers;

/// <summary>
/// Keras <c>GlorotUniform(seed=None)</c> (alias <c>glorot_uniform</c>) = VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform").
/// Glorot uniform, also called Xavier uniform (Glorot and Bengio 2010): U[-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)).
/// </summary>
public sealed class GlorotUniform : VarianceScalingPreset, IRegisteredInitializer<GlorotUniform>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public GlorotUniform(long? seed = null)
        : base(1.0, "fan_avg", "uniform", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "U[-limit, limit), limit = sqrt(6 / (fan_in + fan_out))";

    /// <inheritdoc />
    public static new int ListOrder => 90;

    /// <inheritdoc />
    public static new GlorotUniform FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new GlorotUniform(seed));
}
