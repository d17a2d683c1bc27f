namespace TfInit.Initializers;

/// <summary>
/// Keras <c>LecunUniform(seed=None)</c> (alias <c>lecun_uniform</c>) = VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform").
/// LeCun uniform (LeCun et al. 1998): U[-limit, limit) with limit = sqrt(3 / fan_in).
/// </summary>
public sealed class LecunUniform : VarianceScalingPreset, IRegisteredInitializer<LecunUniform>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public LecunUniform(long? seed = null)
        : base(1.0, "fan_in", "uniform", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "U[-limit, limit), limit = sqrt(3 / fan_in)";

    /// <inheritdoc />
    public static new int ListOrder => 130;

    /// <inheritdoc />
    public static new LecunUniform FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new LecunUniform(seed));
}
