namespace TfInit.Initializers;

/// <summary>
/// Keras <c>GlorotNormal(seed=None)</c> (alias <c>glorot_normal</c>) = VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal").
/// Glorot normal, also called Xavier normal (Glorot and Bengio 2010): a normal cut at 2 stddev whose std after truncation is sqrt(2 / (fan_in + fan_out)).
/// </summary>
public sealed class GlorotNormal : VarianceScalingPreset, IRegisteredInitializer<GlorotNormal>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public GlorotNormal(long? seed = null)
        : base(1.0, "fan_avg", "truncated_normal", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "truncated normal, std sqrt(2 / (fan_in + fan_out)) after truncation";

    /// <inheritdoc />
    public static new int ListOrder => 80;

    /// <inheritdoc />
    public static new GlorotNormal FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new GlorotNormal(seed));
}
