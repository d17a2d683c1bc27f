using System.Globalization;
using TfInit.Numerics;
using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.trunc_normal_(mean=0, std=1, a=-2, b=2)</c>: N(mean, std^2) conditioned on
/// a &lt;= x &lt;= b, where a and b are absolute values (not multiples of std) and the std is not corrected
/// for the truncation. Values outside are redrawn. The PyTorch spelling; Keras's <see cref="TruncatedNormal"/> draws
/// the same law with the cut-offs fixed at mean +- 2 stddev (<c>TruncNormal(m, s, m - 2s, m + 2s)</c> equals
/// <c>TruncatedNormal(m, s)</c>).
/// </summary>
public sealed class TruncNormal : RandomInitializer, IRegisteredInitializer<TruncNormal>
{
    private const double DefaultMean = 0.0;
    private const double DefaultStd = 1.0;
    private const double DefaultA = -2.0;
    private const double DefaultB = 2.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="mean">Mean of the untruncated normal; finite.</param>
    /// <param name="std">Standard deviation of the untruncated normal; finite and &gt;= 0.</param>
    /// <param name="a">Lower cut-off (absolute); finite.</param>
    /// <param name="b">Upper cut-off (absolute); finite and greater than <paramref name="a"/>.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite argument, a negative std, a &gt;= b, or a seed out of range.</exception>
    public TruncNormal(double mean = DefaultMean, double std = DefaultStd, double a = DefaultA, double b = DefaultB, long? seed = null)
        : base(seed)
    {
        Check.Finite(mean, nameof(mean));
        Check.NonNegative(std, nameof(std));
        Check.Finite(a, nameof(a));
        Check.Finite(b, nameof(b));
        if (a >= b)
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, $"b must be greater than a ({a}); got b={b}.");
        }

        if (std == 0 && (mean < a || mean > b))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, $"With std 0 the mean must lie in [a, b] = [{a}, {b}].");
        }

        if (std > 0 && Mass((a - mean) / std, (b - mean) / std) < MinimumMass)
        {
            // Refused here rather than by the draw's rejection loop, which would give up only after about a million
            // draws per value and name its standardized cut-offs instead of the user's a and b.
            throw new ArgumentOutOfRangeException(nameof(a), a, string.Create(CultureInfo.InvariantCulture,
                $"The cut-offs a={a}, b={b} hold less than {MinimumMass} of the probability of N(mean={mean}, std={std}), too little to sample; keep [a, b] within a few std of the mean."));
        }

        Mean = mean;
        Std = std;
        A = a;
        B = b;
    }

    // An interval of probability p takes about 1 / p draws per value; the streams give up after 2^20.
    private const double MinimumMass = 1e-5;

    /// <summary>P(low &lt; Z &lt; high) for Z ~ N(0, 1), from the nearer tail so that far intervals do not cancel to 0.</summary>
    private static double Mass(double low, double high) => low > 0
        ? NormalDistribution.Cdf(-low) - NormalDistribution.Cdf(-high)
        : NormalDistribution.Cdf(high) - NormalDistribution.Cdf(low);

    /// <summary>Mean of the untruncated normal.</summary>
    public double Mean { get; }

    /// <summary>Standard deviation of the untruncated normal.</summary>
    public double Std { get; }

    /// <summary>Lower cut-off.</summary>
    public double A { get; }

    /// <summary>Upper cut-off.</summary>
    public double B { get; }

    /// <inheritdoc />
    public static string Formula => "mean + std * N(0, 1), redrawn outside the absolute cut-offs [a, b]";

    /// <inheritdoc />
    public static int ListOrder => 200;

    /// <inheritdoc />
    public static TruncNormal FromConfig(ConfigReader config) =>
        new(
            config.Double("mean", DefaultMean), config.Double("std", DefaultStd), config.Double("a", DefaultA), config.Double("b", DefaultB), config.Seed());

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["mean"] = Mean;
        config["std"] = Std;
        config["a"] = A;
        config["b"] = B;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream) =>
        Distributions.Truncated(destination, stream, Mean, Std, A, B);
}
