namespace TfInit.Initializers;

/// <summary>
/// Keras <c>HeUniform(seed=None)</c> (alias <c>he_uniform</c>) = VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform").
/// He uniform (He et al. 2015): U[-limit, limit) with limit = sqrt(6 / fan_in).
/// </summary>
public sealed class HeUniform : VarianceScalingPreset, IRegisteredInitializer<HeUniform>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public HeUniform(long? seed = null)
        : base(2.0, "fan_in", "uniform", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "U[-limit, limit), limit = sqrt(6 / fan_in)";

    /// <inheritdoc />
    public static new int ListOrder => 110;

    /// <inheritdoc />
    public static new HeUniform FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new HeUniform(seed));
}
