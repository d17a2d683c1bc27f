using TfInit.LinearAlgebra;
using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>Orthogonal(gain=1, seed=None)</c> (aliases <c>orthogonal</c>, <c>OrthogonalInitializer</c>;
/// Saxe et al. 2014). The shape is flattened to rows = prod(shape[:-1]), cols = shape[-1]; a normal matrix
/// of (max, min) is factored as QR; Q * sign(diag(R)) is transposed when rows &lt; cols and scaled by gain,
/// so the result has orthonormal rows or columns (times gain).
/// </summary>
public sealed class Orthogonal : RandomInitializer, IRegisteredInitializer<Orthogonal>
{
    private const double DefaultGain = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="gain">Multiplicative factor; finite.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite gain or a seed out of range.</exception>
    public Orthogonal(double gain = DefaultGain, long? seed = null)
        : base(seed)
    {
        Check.Finite(gain, nameof(gain));
        Gain = gain;
    }

    /// <summary>The multiplicative factor.</summary>
    public double Gain { get; }

    /// <inheritdoc />
    public static string Formula => "gain * Q * sign(diag R), QR of a (max, min) normal matrix; orthonormal rows or columns";

    /// <inheritdoc />
    public static int ListOrder => 140;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["OrthogonalInitializer", "orthogonal_initializer"];

    /// <inheritdoc />
    public static Orthogonal FromConfig(ConfigReader config) =>
        new(config.Double("gain", DefaultGain), config.Seed());

    /// <inheritdoc />
    protected override bool DrawsElementwise => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["gain"] = Gain;
        return config;
    }

    /// <summary>Fills a (rows, cols) matrix with gain times an orthonormal-rows-or-columns matrix.</summary>
    /// <param name="destination">rows * cols values, row-major.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cols">Number of columns.</param>
    /// <param name="stream">Where the normal matrix is drawn from.</param>
    /// <param name="gain">The factor.</param>
    internal static void FillMatrix(Span<double> destination, int rows, int cols, RandomStream stream, double gain)
    {
        int m = Math.Max(rows, cols);
        int n = Math.Min(rows, cols);

        // The (m, n) normal matrix is drawn row-major, as numpy's normal(size=(m, n)); A^T row-major is A by columns.
        // destination (m * n values too) holds the draw until Q overwrites it, which spares a copy of the matrix.
        var a = destination;
        stream.StandardNormal(a);
        var columns = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                columns[j * m + i] = a[i * n + j];
            }
        }

        Householder.OrthonormalColumns(columns, m, n);

        // columns holds Q^T row-major: (n, m). Q is (rows, cols) when rows >= cols, else Q^T is.
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double q = rows >= cols ? columns[j * m + i] : columns[i * m + j];
                destination[i * cols + j] = gain * q;
            }
        }
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        Check.Rank(shape, 2, int.MaxValue, "Orthogonal");
        int cols = shape[^1];
        FillMatrix(destination, destination.Length / cols, cols, stream, Gain);
    }
}
