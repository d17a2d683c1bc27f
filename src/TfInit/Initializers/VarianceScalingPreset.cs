namespace TfInit.Initializers;

/// <summary>
/// A named VarianceScaling setting (Glorot, He, LeCun). As in Keras its config holds only the seed: the
/// scale, mode and distribution belong to the name.
/// </summary>
public abstract class VarianceScalingPreset : VarianceScaling
{
    /// <summary>Fixes the setting.</summary>
    /// <param name="scale">Scaling factor.</param>
    /// <param name="mode">fan_in or fan_avg.</param>
    /// <param name="distribution">truncated_normal or uniform.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    private protected VarianceScalingPreset(double scale, string mode, string distribution, long? seed)
        : base(scale, mode, distribution, seed)
    {
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        AddFanConfig(config);
        return config;
    }
}
