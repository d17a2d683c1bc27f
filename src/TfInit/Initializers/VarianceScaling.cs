using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>VarianceScaling(scale=1, mode="fan_in", distribution="truncated_normal", seed=None)</c>
/// (alias <c>variance_scaling</c>). With n the chosen fan (fan_avg = (in + out) / 2; JAX's fan_geo_avg =
/// sqrt(in * out)) and s = scale / max(1, n):
/// truncated_normal: stddev = sqrt(s) / 0.87962566103423978 (the std of N(0, 1) cut at +-2), cut at 2 stddev;
/// untruncated_normal: stddev = sqrt(s); uniform: limit = sqrt(3 * scale / n), U[-limit, limit).
/// </summary>
public class VarianceScaling : RandomInitializer, IRegisteredInitializer<VarianceScaling>
{
    private const double DefaultScale = 1.0;
    private const string DefaultMode = "fan_in";
    private const string DefaultDistribution = "truncated_normal";

    /// <summary>The standard deviation of N(0, 1) truncated to [-2, 2].</summary>
    public const double TruncatedStdCorrection = 0.87962566103423978;

    private FanLayout _layout = FanLayout.Keras;
    private FanAxes? _axes;

    private static readonly string[] AllowedModes = ["fan_in", "fan_out", "fan_avg", "fan_geo_avg"];
    private static readonly string[] AllowedDistributions = ["truncated_normal", "untruncated_normal", "uniform"];

    /// <summary>Creates the initializer.</summary>
    /// <param name="scale">Scaling factor; finite and &gt; 0.</param>
    /// <param name="mode">fan_in, fan_out, fan_avg or fan_geo_avg.</param>
    /// <param name="distribution">truncated_normal (alias normal), untruncated_normal or uniform; case-insensitive.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">scale &lt;= 0 or not finite, or a seed out of range.</exception>
    /// <exception cref="ArgumentException">An unknown mode or distribution.</exception>
    public VarianceScaling(double scale = DefaultScale, string mode = DefaultMode, string distribution = DefaultDistribution, long? seed = null)
        : base(seed)
    {
        Check.Positive(scale, nameof(scale));
        if (!AllowedModes.Contains(mode))
        {
            throw new ArgumentException(
                $"Unknown mode '{mode}'; allowed: {string.Join(", ", AllowedModes)}.", nameof(mode));
        }

        string d = distribution.ToLowerInvariant();
        d = d == "normal" ? "truncated_normal" : d;
        if (!AllowedDistributions.Contains(d))
        {
            throw new ArgumentException(
                $"Unknown distribution '{distribution}'; allowed: {string.Join(", ", AllowedDistributions)} (and normal, an alias of truncated_normal).",
                nameof(distribution));
        }

        Scale = scale;
        Mode = mode;
        Distribution = d;
    }

    /// <summary>The scaling factor.</summary>
    public double Scale { get; }

    /// <summary>fan_in, fan_out, fan_avg or fan_geo_avg.</summary>
    public string Mode { get; }

    /// <summary>truncated_normal, untruncated_normal or uniform.</summary>
    public string Distribution { get; }

    /// <summary>How the shape names its input and output dimensions (Keras by default).</summary>
    public FanLayout Layout { get => _layout; init => _layout = value; }

    /// <summary>Explicit fan axes (JAX's in_axis / out_axis / batch_axis); when set, <see cref="Layout"/> is not used.</summary>
    public FanAxes? Axes { get => _axes; init => _axes = value; }

    /// <inheritdoc />
    public static string Formula => "s = scale / max(1, n), n = fan_in | fan_out | (in + out) / 2 | sqrt(in * out); truncated_normal: std sqrt(s) / 0.8796 cut at 2 std; untruncated_normal: std sqrt(s); uniform: limit sqrt(3 * scale / n)";

    /// <inheritdoc />
    public static int ListOrder => 70;

    /// <inheritdoc />
    public static VarianceScaling FromConfig(ConfigReader config) =>
        ReadFans(
            new VarianceScaling(config.Double("scale", DefaultScale), config.String("mode", DefaultMode), config.String("distribution", DefaultDistribution), config.Seed()),
            config);

    /// <summary>The fan n that divides the scale, for a given shape.</summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>fan_in, fan_out, (fan_in + fan_out) / 2 or sqrt(fan_in * fan_out), as <see cref="Mode"/> says.</returns>
    public double FanFor(ReadOnlySpan<int> shape)
    {
        var fans = Axes is null ? Fans.Compute(shape, Layout) : Axes.Compute(shape);
        return Mode switch
        {
            "fan_in" => fans.FanIn,
            "fan_out" => fans.FanOut,
            "fan_avg" => (fans.FanIn + fans.FanOut) / 2.0,
            _ => Math.Sqrt((double)fans.FanIn * fans.FanOut),
        };
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["scale"] = Scale;
        config["mode"] = Mode;
        config["distribution"] = Distribution;
        AddFanConfig(config);
        return config;
    }

    /// <summary>
    /// Reads the fan keys every VarianceScaling takes (<c>layout</c>, <c>in_axis</c>, <c>out_axis</c>, <c>batch_axis</c>)
    /// into a new instance, the reading half of <see cref="AddFanConfig"/>.
    /// </summary>
    /// <typeparam name="T">The class being read.</typeparam>
    /// <param name="initializer">An instance just made by <c>FromConfig</c>, not yet seen by anyone else.</param>
    /// <param name="config">The config.</param>
    /// <returns><paramref name="initializer"/>.</returns>
    private protected static T ReadFans<T>(T initializer, ConfigReader config)
        where T : VarianceScaling
    {
        VarianceScaling target = initializer;
        target._layout = config.Layout();
        target._axes = config.Axes();
        return initializer;
    }

    /// <summary>Adds the layout and axes entries to a config when they differ from Keras's defaults.</summary>
    /// <param name="config">The config being built.</param>
    protected void AddFanConfig(Dictionary<string, object?> config)
    {
        if (Layout != FanLayout.Keras)
        {
            config["layout"] = "torch";
        }

        if (Axes is not null)
        {
            config["in_axis"] = (long)Axes.InAxis;
            config["out_axis"] = (long)Axes.OutAxis;
            config["batch_axis"] = Axes.BatchAxes;
        }
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        double n = Math.Max(1.0, FanFor(shape));
        switch (Distribution)
        {
            case "truncated_normal":
                double std = Math.Sqrt(Scale / n) / TruncatedStdCorrection;
                Distributions.Truncated(destination, stream, 0.0, std, -2 * std, 2 * std);
                break;
            case "untruncated_normal":
                Distributions.Normal(destination, stream, 0.0, Math.Sqrt(Scale / n));
                break;
            default:
                // 3 * scale / n, not 3 * (scale / n): the tutorial's sqrt(6 / n) to the last bit.
                double limit = Math.Sqrt(3.0 * Scale / n);
                Distributions.Uniform(destination, stream, -limit, limit);
                break;
        }
    }
}
