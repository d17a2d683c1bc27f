namespace TfInit.Initializers;

/// <summary>
/// Keras <c>HeNormal(seed=None)</c> (alias <c>he_normal</c>) = VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal").
/// He normal (He et al. 2015): a normal cut at 2 stddev whose std after truncation is sqrt(2 / fan_in).
/// </summary>
public sealed class HeNormal : VarianceScalingPreset, IRegisteredInitializer<HeNormal>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public HeNormal(long? seed = null)
        : base(2.0, "fan_in", "truncated_normal", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "truncated normal, std sqrt(2 / fan_in) after truncation";

    /// <inheritdoc />
    public static new int ListOrder => 100;

    /// <inheritdoc />
    public static new HeNormal FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new HeNormal(seed));
}
