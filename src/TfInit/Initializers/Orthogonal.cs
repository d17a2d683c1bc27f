using TfInit.LinearAlgebra;
using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// Keras <c>Orthogonal(gain=1, seed=None)</c> (aliases <c>orthogonal</c>, <c>OrthogonalInitializer</c>;
/// Saxe et al. 2014). The shape is flattened to rows = prod(shape[:-1]), cols = shape[-1]; a normal matrix
/// of (max, min) is factored as QR; Q * sign(diag(R)) is transposed when rows &lt; cols and scaled by gain,
/// so the result has orthonormal rows or columns (times gain). With <see cref="Layout"/> = <see cref="FanLayout.Torch"/>
/// the shape is flattened as PyTorch's <c>orthogonal_</c> does, to rows = shape[0], cols = prod(shape[1:]).
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

    /// <summary>
    /// How the shape is flattened to a matrix: Keras's (prod(shape[:-1]), shape[-1]) by default, or PyTorch's
    /// (shape[0], prod(shape[1:])) for a PyTorch [out, in, ..spatial] weight.
    /// </summary>
    public FanLayout Layout { get; init; } = FanLayout.Keras;

    /// <inheritdoc />
    public static string Formula => "gain * Q * sign(diag R), QR of a (max, min) normal matrix; orthonormal rows or columns";

    /// <inheritdoc />
    public static int ListOrder => 140;

    /// <inheritdoc />
    public static IReadOnlyList<string> MoreAliases => ["OrthogonalInitializer", "orthogonal_initializer"];

    /// <inheritdoc />
    public static Orthogonal FromConfig(ConfigReader config) =>
        new(config.Double("gain", DefaultGain), config.Seed()) { Layout = config.Layout(FanLayout.Keras) };

    /// <inheritdoc />
    protected override bool DrawsElementwise => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["gain"] = Gain;
        if (Layout != FanLayout.Keras)
        {
            config["layout"] = "torch";
        }

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

        // The (m, n) normal matrix is drawn row-major, as numpy's normal(size=(m, n)), and turned into Q in place.
        stream.StandardNormal(destination);
        Householder.OrthonormalColumns(destination, m, n);
        if (rows >= cols)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(destination, gain, destination);
            return;
        }

        // A wide matrix is Q^T: (n, m) from the (m, n) Q, through one copy (an in-place transpose is not worth its cost).
        double[] q = destination.ToArray();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                destination[(i * cols) + j] = gain * q[(j * n) + i];
            }
        }
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        Check.Rank(shape, 2, int.MaxValue, "Orthogonal");
        if (destination.IsEmpty)
        {
            // A zero dimension: Keras's QR of a (n, 0) matrix and PyTorch's orthogonal_ both give the empty tensor.
            return;
        }

        if (Layout == FanLayout.Torch)
        {
            int rows = shape[0];
            FillMatrix(destination, rows, destination.Length / rows, stream, Gain);
            return;
        }

        int cols = shape[^1];
        FillMatrix(destination, destination.Length / cols, cols, stream, Gain);
    }
}
