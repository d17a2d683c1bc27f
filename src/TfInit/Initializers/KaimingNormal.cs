namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.kaiming_normal_(a=0, mode="fan_in", nonlinearity="leaky_relu")</c> (He et al. 2015):
/// N(0, std^2) with std = gain / sqrt(fan), untruncated, gain = calculate_gain(nonlinearity, a) and fan = fan_in or fan_out.
/// </summary>
public sealed class KaimingNormal : TorchVarianceScaling, IRegisteredInitializer<KaimingNormal>
{
    /// <summary>Creates the initializer.</summary>
    /// <param name="a">Negative slope of the rectifier after this layer (leaky_relu only).</param>
    /// <param name="mode">fan_in (preserves the forward variance) or fan_out (the backward one).</param>
    /// <param name="nonlinearity">A name <see cref="Initializers.Gain.Calculate"/> knows; relu or leaky_relu are the intended ones.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentException">An unknown mode or nonlinearity, a non-finite slope, or a seed out of range.</exception>
    public KaimingNormal(double a = DefaultSlope, string mode = DefaultKaimingMode, string nonlinearity = DefaultNonlinearity, long? seed = null)
        : base(SlopeGain(nonlinearity, a), TorchMode(mode), "untruncated_normal", seed)
    {
        A = a;
        Nonlinearity = nonlinearity;
    }

    /// <summary>Negative slope of the rectifier.</summary>
    public double A { get; }

    /// <summary>The nonlinearity whose gain is used.</summary>
    public string Nonlinearity { get; }

    /// <inheritdoc />
    public static new string Formula => "N(0, std^2), std = gain / sqrt(fan), gain = calculate_gain(nonlinearity, a)";

    /// <inheritdoc />
    public static new int ListOrder => 190;

    /// <inheritdoc />
    public static new KaimingNormal FromConfig(ConfigReader config) =>
        ReadFans(
            new KaimingNormal(config.Double("a", DefaultSlope), config.String("mode", DefaultKaimingMode), config.String("nonlinearity", DefaultNonlinearity), config.Seed()),
            config);

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["a"] = A;
        config["mode"] = Mode;
        config["nonlinearity"] = Nonlinearity;
        AddFanConfig(config);
        return config;
    }
}
