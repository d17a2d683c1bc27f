using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.sparse_(sparsity, std=0.01)</c> (Martens 2010, deep learning via Hessian-free
/// optimization): a 2-D matrix of N(0, std^2) values where, for every input unit, ceil(sparsity * outputs)
/// of its weights are set to zero, the zeroed outputs chosen at random.
/// </summary>
public sealed class Sparse : RandomInitializer, IRegisteredInitializer<Sparse>
{
    private const double DefaultStd = 0.01;

    /// <summary>Creates the initializer.</summary>
    /// <param name="sparsity">Fraction of each input's weights set to zero; in [0, 1).</param>
    /// <param name="std">Standard deviation of the non-zero values; finite and &gt;= 0.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">sparsity outside [0, 1), a negative or non-finite std, or a seed out of range.</exception>
    public Sparse(double sparsity, double std = DefaultStd, long? seed = null)
        : base(seed)
    {
        if (!(sparsity >= 0 && sparsity < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "sparsity must lie in [0, 1).");
        }

        Check.NonNegative(std, nameof(std));
        Sparsity = sparsity;
        Std = std;
    }

    /// <summary>Fraction of each input's weights set to zero.</summary>
    public double Sparsity { get; }

    /// <summary>Standard deviation of the non-zero values.</summary>
    public double Std { get; }

    /// <summary>How the 2-D shape is read: Keras [in, out] (the default) or PyTorch [out, in].</summary>
    public FanLayout Layout { get; init; } = FanLayout.Keras;

    /// <inheritdoc />
    public static string Formula => "N(0, std^2) with ceil(sparsity * outputs) weights of every input set to 0";

    /// <inheritdoc />
    public static int ListOrder => 210;

    /// <inheritdoc />
    public static Sparse FromConfig(ConfigReader config) =>
        new(config.RequiredDouble("sparsity", example: 0.1), config.Double("std", DefaultStd), config.Seed()) { Layout = config.Layout() };

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected override bool DrawsElementwise => false;

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = SeedConfig();
        config["sparsity"] = Sparsity;
        config["std"] = Std;
        if (Layout != FanLayout.Keras)
        {
            config["layout"] = "torch";
        }

        return config;
    }

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        Check.Rank(shape, 2, 2, ClassName);
        Distributions.Normal(destination, stream, 0.0, Std);
        bool torch = Layout == FanLayout.Torch;
        int inputs = torch ? shape[1] : shape[0];
        int outputs = torch ? shape[0] : shape[1];
        int zeros = (int)Math.Ceiling(Sparsity * outputs);
        var order = new int[outputs];
        Span<double> u = stackalloc double[1];
        for (int input = 0; input < inputs; input++)
        {
            // A partial Fisher-Yates shuffle picks which outputs of this input become zero.
            for (int k = 0; k < outputs; k++)
            {
                order[k] = k;
            }

            for (int k = 0; k < zeros; k++)
            {
                stream.Uniform(u);
                int pick = k + (int)(u[0] * (outputs - k));
                (order[k], order[pick]) = (order[pick], order[k]);
                int output = order[k];
                destination[torch ? (output * inputs) + input : (input * outputs) + output] = 0.0;
            }
        }
    }
}
