using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>RandomNormal(mean=0, stddev=0.05, seed=None)</c> (aliases <c>random_normal</c>, <c>normal</c>):
/// <c>x = mean + stddev * z</c>, z ~ N(0, 1) (numpy's <c>np.random.normal</c> formula).
/// </summary>
public sealed class RandomNormal : RandomInitializer, IRegisteredInitializer<RandomNormal>
{
    private const double DefaultMean = 0.0;
    private const double DefaultStddev = 0.05;

    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">Mean of the values; finite.</param>
    /// <param name="stddev">Standard deviation; finite and &gt;= 0.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite mean, a negative or non-finite stddev, or a seed out of range.</exception>
    public RandomNormal(double mean = DefaultMean, double stddev = DefaultStddev, long? seed = null)
        : base(seed)
    {
        Check.Finite(mean, nameof(mean));
        Check.NonNegative(stddev, nameof(stddev));
        Mean = mean;
        Stddev = stddev;
    }

    /// <summary>Mean of the values.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation of the values.</summary>
    public double Stddev { get; }

    /// <inheritdoc />
    public static string Formula => "mean + stddev * N(0, 1)";

    /// <inheritdoc />
    public static int ListOrder => 40;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["normal"];

    /// <inheritdoc />
    public static RandomNormal FromConfig(ConfigReader config) =>
        new(config.Double("mean", DefaultMean), config.Double("stddev", DefaultStddev), config.Seed());

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["mean"] = Mean;
        config["stddev"] = Stddev;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream) =>
        Distributions.Normal(destination, stream, Mean, Stddev);
}
