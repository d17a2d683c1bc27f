namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.xavier_uniform_(gain=1)</c> (Glorot and Bengio 2010): U[-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)).
/// </summary>
public sealed class XavierUniform : TorchVarianceScaling, IRegisteredInitializer<XavierUniform>
{
    private const double DefaultGain = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Scaling factor, e.g. <see cref="Initializers.Gain.Calculate"/>; finite and &gt; 0.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A gain that is not positive and finite, or a seed out of range.</exception>
    public XavierUniform(double gain = DefaultGain, long? seed = null)
        : base(gain, "fan_avg", "uniform", seed)
    {
        Gain = gain;
    }

    /// <summary>The scaling factor.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public static new string Formula => "U[-a, a), a = gain * sqrt(6 / (fan_in + fan_out))";

    /// <inheritdoc />
    public static new int ListOrder => 160;

    /// <inheritdoc />
    public static new XavierUniform FromConfig(ConfigReader config) =>
        ReadFans(new XavierUniform(config.Double("gain", DefaultGain), config.Seed()), config);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["gain"] = Gain;
        AddFanConfig(config);
        return config;
    }
}
