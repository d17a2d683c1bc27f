using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// JAX <c>nn.initializers.delta_orthogonal(scale=1)</c> (Xiao et al. 2018, "Dynamical isometry and a mean
/// field theory of CNNs"): a convolution kernel [..spatial, in, out] of rank 3 to 5, zero everywhere but at
/// the spatial centre ((k - 1) // 2 on every axis), where it holds an (in, out) orthogonal matrix times scale.
/// Needs in &lt;= out.
/// </summary>
public sealed class DeltaOrthogonal : RandomInitializer, IRegisteredInitializer<DeltaOrthogonal>
{
    private const double DefaultScale = 1.0;

    /// <summary>Creates the initializer.</summary>
    /// <param name="scale">Multiplicative factor of the orthogonal matrix; finite.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A non-finite scale or a seed out of range.</exception>
    public DeltaOrthogonal(double scale = DefaultScale, long? seed = null)
        : base(seed)
    {
        Check.Finite(scale, nameof(scale));
        Scale = scale;
    }

    /// <summary>Multiplicative factor of the orthogonal matrix.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public static string Formula => "0 except an (in, out) orthogonal matrix times scale at the spatial centre; rank 3 to 5, in <= out";

    /// <inheritdoc />
    public static int ListOrder => 240;

    /// <inheritdoc />
    public static DeltaOrthogonal FromConfig(ConfigReader config) =>
        new(config.Double("scale", DefaultScale), config.Seed());

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected override bool DrawsElementwise => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["scale"] = Scale;
        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        Check.Rank(shape, 3, 5, ClassName);
        int inputs = shape[^2];
        int outputs = shape[^1];
        if (inputs > outputs)
        {
            throw new ArgumentException(
                $"DeltaOrthogonal needs input channels <= output channels; shape {Shape.Format(shape)} has {inputs} > {outputs}.",
                nameof(shape));
        }

        int centre = 0;
        foreach (int k in shape[..^2])
        {
            centre = (centre * k) + ((k - 1) / 2);
        }

        destination.Clear();
        int block = inputs * outputs;
        Orthogonal.FillMatrix(destination.Slice(centre * block, block), inputs, outputs, stream, Scale);
    }
}
