using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// TensorFlow 1.x <c>tf.contrib.layers.variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False, seed=None)</c>
/// (TF 1.15, <c>tensorflow/contrib/layers/python/layers/initializers.py</c>, function
/// <c>variance_scaling_initializer</c>). With fan_in = shape[-2] (shape[-1] for rank 1) and fan_out = shape[-1], both
/// times the product of shape[:-2] (1 and 1 for a scalar), and n = fan_in, fan_out or (fan_in + fan_out) / 2:
/// uniform: U[-limit, limit), limit = sqrt(3 * factor / n); normal: a normal of stddev sqrt(1.3 * factor / n) cut at
/// 2 stddev (1.3 approximates the truncation's variance loss; Keras divides by 0.8796 instead), with no max(1, n).
/// The defaults are He et al., "Delving Deep into Rectifiers", 2015.
/// </summary>
public class ContribVarianceScaling : RandomInitializer, IRegisteredInitializer<ContribVarianceScaling>
{
    private const double DefaultFactor = 2.0;
    private const string DefaultMode = "FAN_IN";
    private const bool DefaultUniform = false;

    private static readonly string[] AllowedModes = ["FAN_IN", "FAN_OUT", "FAN_AVG"];

    /// <summary>Creates the initializer.</summary>
    /// <param name="factor">The variance factor; finite and &gt;= 0.</param>
    /// <param name="mode">FAN_IN, FAN_OUT or FAN_AVG (upper case, as TF requires).</param>
    /// <param name="uniform">True for the uniform distribution, false for the truncated normal.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite factor, or a seed out of range.</exception>
    /// <exception cref="ArgumentException">An unknown mode.</exception>
    public ContribVarianceScaling(double factor = DefaultFactor, string mode = DefaultMode, bool uniform = DefaultUniform, long? seed = null)
        : base(seed)
    {
        Check.NonNegative(factor, nameof(factor));
        if (!AllowedModes.Contains(mode))
        {
            throw new ArgumentException($"Unknown mode '{mode}'; allowed: {string.Join(", ", AllowedModes)}.", nameof(mode));
        }

        Factor = factor;
        Mode = mode;
        Uniform = uniform;
    }

    /// <summary>The variance factor.</summary>
    public double Factor { get; }

    /// <summary>FAN_IN, FAN_OUT or FAN_AVG.</summary>
    public string Mode { get; }

    /// <summary>True for the uniform distribution, false for the truncated normal.</summary>
    public bool Uniform { get; }

    /// <inheritdoc />
    public static string Formula =>
        "n = fan_in | fan_out | (in + out) / 2; uniform: limit sqrt(3 * factor / n); else std sqrt(1.3 * factor / n) cut at 2 std (TF 1.x contrib)";

    /// <inheritdoc />
    public static int ListOrder => 262;

    /// <inheritdoc />
    public static ContribVarianceScaling FromConfig(ConfigReader config) => new(
        config.Double("factor", DefaultFactor), config.String("mode", DefaultMode), config.Bool("uniform", DefaultUniform), config.Seed());

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <summary>The n that divides the factor, for a shape.</summary>
    /// <param name="shape">The weight shape.</param>
    /// <returns>fan_in, fan_out or their mean.</returns>
    public double FanFor(ReadOnlySpan<int> shape)
    {
        // contrib's fan rules agree with Keras's compute_fans for every rank (scalar (1, 1), vector (n, n)).
        var fans = Fans.Compute(shape);
        return Mode switch
        {
            "FAN_IN" => fans.FanIn,
            "FAN_OUT" => fans.FanOut,
            _ => (fans.FanIn + (double)fans.FanOut) / 2.0,
        };
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["factor"] = Factor;
        config["mode"] = Mode;
        config["uniform"] = Uniform;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        double n = FanFor(shape);
        if (Uniform)
        {
            double limit = Math.Sqrt(3.0 * Factor / n);
            Distributions.Uniform(destination, stream, -limit, limit);
            return;
        }

        double std = Math.Sqrt(1.3 * Factor / n);
        Distributions.Truncated(destination, stream, 0.0, std, -2 * std, 2 * std);
    }
}
