using TfInit.Random;
using TfInit.Shapes;

namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.dirac_(groups=1)</c>: a convolution kernel (rank 3 to 5) that passes its input
/// through unchanged. The output channels are split into <c>groups</c>; in group g, output channel
/// g * (out / groups) + d takes input channel d at the spatial centre (k // 2 on every axis) with weight 1,
/// for d &lt; min(out / groups, in); everything else is 0.
/// </summary>
public sealed class Dirac : Initializer, IRegisteredInitializer<Dirac>
{
    private const int DefaultGroups = 1;

    /// <summary>Creates the initializer.</summary>
    /// <param name="groups">Number of groups; &gt;= 1 and a divisor of the output channels.</param>
    /// <exception cref="ArgumentOutOfRangeException">groups &lt; 1.</exception>
    public Dirac(int groups = DefaultGroups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        Groups = groups;
    }

    /// <summary>Number of groups.</summary>
    public int Groups { get; }

    /// <summary>How the shape is read: Keras [..spatial, in, out] (the default) or PyTorch [out, in, ..spatial].</summary>
    public FanLayout Layout { get; init; } = FanLayout.Keras;

    /// <inheritdoc />
    public static string Formula => "1 at the spatial centre linking output g * (out / groups) + d to input d; 0 elsewhere; rank 3 to 5";

    /// <inheritdoc />
    public static int ListOrder => 220;

    /// <inheritdoc />
    public static Dirac FromConfig(ConfigReader config) =>
        new(config.Int("groups", DefaultGroups)) { Layout = config.Layout() };

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["groups"] = (long)Groups };
        if (Layout != FanLayout.Keras)
        {
            config["layout"] = "torch";
        }

        return config;
    }

    /// <inheritdoc />
    protected override void FillCore(Span<double> destination, ReadOnlySpan<int> shape, RandomStream? stream)
    {
        Check.Rank(shape, 3, 5, ClassName);
        bool torch = Layout == FanLayout.Torch;
        var spatial = torch ? shape[2..] : shape[..^2];
        int inputs = torch ? shape[1] : shape[^2];
        int outputs = torch ? shape[0] : shape[^1];
        if (outputs % Groups != 0)
        {
            throw new ArgumentException(
                $"Dirac with groups={Groups} needs output channels divisible by groups; shape {Shape.Format(shape)} has {outputs}.",
                nameof(shape));
        }

        int centre = 0;
        foreach (int k in spatial)
        {
            centre = (centre * k) + (k / 2);
        }

        int area = destination.Length / (inputs * outputs);
        int perGroup = outputs / Groups;
        destination.Clear();
        for (int g = 0; g < Groups; g++)
        {
            for (int d = 0; d < Math.Min(perGroup, inputs); d++)
            {
                int output = (g * perGroup) + d;
                int index = torch
                    ? (((output * inputs) + d) * area) + centre
                    : (((centre * inputs) + d) * outputs) + output;
                destination[index] = 1.0;
            }
        }
    }
}
