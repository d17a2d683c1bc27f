namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.xavier_normal_(gain=1)</c> (Glorot and Bengio 2010): N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)), untruncated.
/// </summary>
public sealed class XavierNormal : TorchVarianceScaling, IRegisteredInitializer<XavierNormal>
{
    private const double DefaultGain = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Scaling factor, e.g. <see cref="Initializers.Gain.Calculate"/>; finite and &gt; 0.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A gain that is not positive and finite, or a seed out of range.</exception>
    public XavierNormal(double gain = DefaultGain, long? seed = null)
        : base(gain, "fan_avg", "untruncated_normal", seed)
    {
        Gain = gain;
    }

    /// <summary>The scaling factor.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public static new string Formula => "N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))";

    /// <inheritdoc />
    public static new int ListOrder => 170;

    /// <inheritdoc />
    public static new XavierNormal FromConfig(ConfigReader config) =>
        ReadFans(new XavierNormal(config.Double("gain", DefaultGain), config.Seed()), config);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["gain"] = Gain;
        AddFanConfig(config);
        return config;
    }
}
