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

    private FanLayout _layout;
    private FanAxes? _axes;
    private IReadOnlyList<int>? _inputAxes;
    private IReadOnlyList<int>? _outputAxes;

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
        : this(scale, mode, distribution, seed, FanLayout.Keras)
    {
    }

    /// <summary>Creates the initializer for a family whose shapes follow <paramref name="defaultLayout"/> unless told otherwise.</summary>
    /// <param name="scale">Scaling factor; finite and &gt; 0.</param>
    /// <param name="mode">fan_in, fan_out, fan_avg or fan_geo_avg.</param>
    /// <param name="distribution">truncated_normal (alias normal), untruncated_normal or uniform; case-insensitive.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <param name="defaultLayout">The layout of the family: Keras for Keras's classes, Torch for PyTorch's.</param>
    private protected VarianceScaling(double scale, string mode, string distribution, long? seed, FanLayout defaultLayout)
        : base(seed)
    {
        DefaultLayout = defaultLayout;
        _layout = defaultLayout;
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

    /// <summary>
    /// How the shape names its input and output dimensions: Keras's [.., in, out] for Keras's classes, PyTorch's
    /// [out, in, ..] for the PyTorch-named ones (<see cref="TorchVarianceScaling"/>), unless set otherwise.
    /// </summary>
    public FanLayout Layout { get => _layout; init => _layout = value; }

    /// <summary>The layout of this class when none is given (written to the config only when <see cref="Layout"/> differs).</summary>
    public FanLayout DefaultLayout { get; }

    /// <summary>Explicit fan axes (JAX's in_axis / out_axis / batch_axis); when set, <see cref="Layout"/> is not used.</summary>
    public FanAxes? Axes { get => _axes; init => _axes = value; }

    /// <summary>
    /// Keras 3.15+'s <c>input_axes</c> (null by default): with <see cref="OutputAxes"/> also set, fan_in is the product of
    /// these dimensions and fan_out the product of the output ones, with no receptive field (Keras's compute_fans). As in
    /// Keras, a list given without the other one is kept in the config and changes nothing.
    /// </summary>
    public IReadOnlyList<int>? InputAxes { get => _inputAxes; init => _inputAxes = value; }

    /// <summary>Keras 3.15+'s <c>output_axes</c> (null by default); see <see cref="InputAxes"/>.</summary>
    public IReadOnlyList<int>? OutputAxes { get => _outputAxes; init => _outputAxes = value; }

    /// <summary>
    /// Whether the config carries Keras 3.15+'s <c>input_axes</c> and <c>output_axes</c> (always, as Keras writes them,
    /// for Keras's own classes; only when set for TfInit's PyTorch-named ones).
    /// </summary>
    private protected virtual bool WritesKerasAxes => true;

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
        var fans = FansFor(shape);
        return Mode switch
        {
            "fan_in" => fans.FanIn,
            "fan_out" => fans.FanOut,
            "fan_avg" => (fans.FanIn + fans.FanOut) / 2.0,
            _ => Math.Sqrt((double)fans.FanIn * fans.FanOut),
        };
    }

    /// <summary>
    /// The fans this initializer uses for <paramref name="shape"/>: from Keras's <see cref="InputAxes"/> and
    /// <see cref="OutputAxes"/> when both are set, else from JAX's <see cref="Axes"/> when set, else from <see cref="Layout"/>.
    /// </summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>The fans.</returns>
    /// <exception cref="ArgumentException">Keras axes and JAX axes both set, or axes the shape does not have.</exception>
    public Fans FansFor(ReadOnlySpan<int> shape)
    {
        if (InputAxes is not null && OutputAxes is not null)
        {
            if (Axes is not null)
            {
                throw new ArgumentException(
                    $"{ClassName} has both Keras's input_axes/output_axes and JAX's in_axis/out_axis/batch_axis; give one of the two.",
                    "input_axes");
            }

            return Fans.FromInputOutputAxes(shape, [.. InputAxes], [.. OutputAxes]);
        }

        return Axes is null ? Fans.Compute(shape, Layout) : Axes.Compute(shape);
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
    /// Reads the fan keys every VarianceScaling takes (Keras's <c>input_axes</c> and <c>output_axes</c>, TfInit's
    /// <c>layout</c>, JAX's <c>in_axis</c>, <c>out_axis</c>, <c>batch_axis</c>) into a new instance, the reading half of
    /// <see cref="AddFanConfig"/>.
    /// </summary>
    /// <typeparam name="T">The class being read.</typeparam>
    /// <param name="initializer">An instance just made by <c>FromConfig</c>, not yet seen by anyone else.</param>
    /// <param name="config">The config.</param>
    /// <returns><paramref name="initializer"/>.</returns>
    private protected static T ReadFans<T>(T initializer, ConfigReader config)
        where T : VarianceScaling
    {
        VarianceScaling target = initializer;
        target._layout = config.Layout(target.DefaultLayout);
        target._axes = config.Axes();
        target._inputAxes = config.IntArray("input_axes");
        target._outputAxes = config.IntArray("output_axes");
        return initializer;
    }

    /// <summary>
    /// Adds the fan entries to a config: Keras's <c>input_axes</c> and <c>output_axes</c> (as Keras 3.16 writes them), then
    /// TfInit's <c>layout</c> when it is not the class's default and JAX's <c>in_axis</c>, <c>out_axis</c>, <c>batch_axis</c>
    /// when set (a single axis as an integer, several as a list).
    /// </summary>
    /// <param name="config">The config being built.</param>
    protected void AddFanConfig(Dictionary<string, object?> config)
    {
        if (WritesKerasAxes || InputAxes is not null || OutputAxes is not null)
        {
            config["input_axes"] = InputAxes?.ToArray();
            config["output_axes"] = OutputAxes?.ToArray();
        }

        if (Layout != DefaultLayout)
        {
            config["layout"] = Layout == FanLayout.Torch ? "torch" : "keras";
        }

        if (Axes is not null)
        {
            config["in_axis"] = AxisValue(Axes.InAxes);
            config["out_axis"] = AxisValue(Axes.OutAxes);
            config["batch_axis"] = Axes.BatchAxes.ToArray();
        }
    }

    private static object AxisValue(IReadOnlyList<int> axes) => axes.Count == 1 ? (long)axes[0] : axes.ToArray();

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
