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

    /// <summary>
    /// A preset's <c>FromConfig</c>: its config holds only the seed (and TfInit's fan keys); configs written by
    /// TensorFlow.NET also repeat scale, mode and distribution, which are accepted when they match the preset.
    /// </summary>
    /// <typeparam name="T">The preset class.</typeparam>
    /// <param name="config">The config.</param>
    /// <param name="create">The preset's constructor.</param>
    /// <returns>The new preset.</returns>
    /// <exception cref="ArgumentException">The config changes scale, mode or distribution.</exception>
    private protected static T FromPresetConfig<T>(ConfigReader config, Func<long?, T> create)
        where T : VarianceScalingPreset
    {
        var preset = ReadFans(create(config.Seed()), config);
        if (config.Double("scale", preset.Scale) != preset.Scale
            || config.String("mode", preset.Mode) != preset.Mode
            || config.String("distribution", preset.Distribution).ToLowerInvariant().Replace("truncated_normal", "normal") != preset.Distribution.Replace("truncated_normal", "normal"))
        {
            throw new ArgumentException(
                $"{preset.ClassName} is scale={preset.Scale}, mode={preset.Mode}, distribution={preset.Distribution}; its config may not change them (use VarianceScaling).",
                "config");
        }

        return preset;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        AddFanConfig(config);
        return config;
    }
}
