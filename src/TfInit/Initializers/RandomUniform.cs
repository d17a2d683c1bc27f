using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>RandomUniform(minval=-0.05, maxval=0.05, seed=None)</c> (aliases <c>random_uniform</c>, <c>uniform</c>):
/// <c>x = minval + (maxval - minval) * u</c>, u ~ U[0, 1) (numpy's <c>np.random.uniform</c> formula).
/// </summary>
public sealed class RandomUniform : RandomInitializer, IRegisteredInitializer<RandomUniform>
{
    private const double DefaultMinval = -0.05;
    private const double DefaultMaxval = 0.05;

    /// <summary>Creates the initializer.</summary>
    /// <param name="minval">Lower bound (inclusive); finite.</param>
    /// <param name="maxval">Upper bound (exclusive); finite and greater than <paramref name="minval"/>.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">Non-finite bounds, minval &gt;= maxval, or a seed out of range.</exception>
    public RandomUniform(double minval = DefaultMinval, double maxval = DefaultMaxval, long? seed = null)
        : base(seed)
    {
        Check.Finite(minval, nameof(minval));
        Check.Finite(maxval, nameof(maxval));
        if (minval >= maxval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxval), maxval,
                $"maxval must be greater than minval ({minval}); got maxval={maxval}.");
        }

        Minval = minval;
        Maxval = maxval;
    }

    /// <summary>Lower bound (inclusive).</summary>
    public double Minval { get; }

    /// <summary>Upper bound (exclusive).</summary>
    public double Maxval { get; }

    /// <inheritdoc />
    public static string Formula => "minval + (maxval - minval) * U[0, 1)";

    /// <inheritdoc />
    public static int ListOrder => 50;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["uniform"];

    /// <inheritdoc />
    public static RandomUniform FromConfig(ConfigReader config) =>
        new(config.Double("minval", DefaultMinval), config.Double("maxval", DefaultMaxval), config.Seed());

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["minval"] = Minval;
        config["maxval"] = Maxval;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream) =>
        Distributions.Uniform(destination, stream, Minval, Maxval);
}
