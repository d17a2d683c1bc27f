using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>TruncatedNormal(mean=0, stddev=0.05, seed=None)</c> (alias <c>truncated_normal</c>):
/// <c>x = mean + stddev * z</c>, z ~ N(0, 1), with values more than two standard deviations from the
/// mean discarded and redrawn. The standard deviation of the result is about 0.88 * stddev. The Keras spelling; for
/// PyTorch's <c>trunc_normal_</c> with absolute cut-offs a and b use <see cref="TruncNormal"/>.
/// </summary>
public sealed class TruncatedNormal : RandomInitializer, IRegisteredInitializer<TruncatedNormal>
{
    private const double DefaultMean = 0.0;
    private const double DefaultStddev = 0.05;

    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">Mean of the untruncated normal; finite.</param>
    /// <param name="stddev">Standard deviation of the untruncated normal; finite and &gt;= 0.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite mean, a negative or non-finite stddev, or a seed out of range.</exception>
    public TruncatedNormal(double mean = DefaultMean, double stddev = DefaultStddev, long? seed = null)
        : base(seed)
    {
        Check.Finite(mean, nameof(mean));
        Check.NonNegative(stddev, nameof(stddev));
        Mean = mean;
        Stddev = stddev;
    }

    /// <summary>Mean of the values.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation before truncation.</summary>
    public double Stddev { get; }

    /// <inheritdoc />
    public static string Formula => "mean + stddev * N(0, 1), redrawn outside mean +- 2 stddev";

    /// <inheritdoc />
    public static int ListOrder => 60;

    /// <inheritdoc />
    public static TruncatedNormal FromConfig(ConfigReader config) =>
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
        Distributions.Truncated(destination, stream, Mean, Stddev, Mean - 2 * Stddev, Mean + 2 * Stddev);
}
