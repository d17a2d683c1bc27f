namespace TfInit.Initializers;

/// <summary>
/// Keras <c>LecunNormal(seed=None)</c> (alias <c>lecun_normal</c>) = VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal").
/// LeCun normal (Klambauer et al. 2017): a normal cut at 2 stddev whose std after truncation is sqrt(1 / fan_in).
/// </summary>
public sealed class LecunNormal : VarianceScalingPreset, IRegisteredInitializer<LecunNormal>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="seed">0 to 2^32 - 1, or null for a random seed fixed now.</param>
    /// <exception cref="ArgumentOutOfRangeException">A seed out of range.</exception>
    public LecunNormal(long? seed = null)
        : base(1.0, "fan_in", "truncated_normal", seed)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "truncated normal, std sqrt(1 / fan_in) after truncation";

    /// <inheritdoc />
    public static new int ListOrder => 120;

    /// <inheritdoc />
    public static new LecunNormal FromConfig(ConfigReader config) =>
        FromPresetConfig(config, seed => new LecunNormal(seed));
}
