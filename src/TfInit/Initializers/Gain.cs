namespace TfInit.Initializers;

/// <summary>PyTorch's <c>nn.init.calculate_gain</c>: the recommended gain for a nonlinearity.</summary>
public static class Gain
{
    /// <summary>The nonlinearities <see cref="Calculate"/> knows.</summary>
    public static IReadOnlyList<string> Nonlinearities { get; } =
    [
        "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
        "sigmoid", "tanh", "relu", "leaky_relu", "selu",
    ];

    /// <summary>
    /// linear, conv*, conv_transpose* and sigmoid: 1; tanh: 5/3; relu: sqrt(2);
    /// leaky_relu: sqrt(2 / (1 + slope^2)) with slope = <paramref name="param"/> or 0.01; selu: 3/4
    /// (Klambauer et al. 2017, as PyTorch chooses for self-normalizing nets).
    /// </summary>
    /// <param name="nonlinearity">One of <see cref="Nonlinearities"/>.</param>
    /// <param name="param">The negative slope of leaky_relu (default 0.01); ignored otherwise.</param>
    /// <returns>The gain.</returns>
    /// <exception cref="ArgumentException">An unknown nonlinearity or a non-finite slope.</exception>
    public static double Calculate(string nonlinearity, double? param = null)
    {
        switch (nonlinearity)
        {
            case "linear" or "sigmoid" or "conv1d" or "conv2d" or "conv3d"
                or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d":
                return 1.0;
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.Sqrt(2.0);
            case "leaky_relu":
                double slope = param ?? 0.01;
                Check.Finite(slope, nameof(param));
                return Math.Sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                throw new ArgumentException(
                    $"Unsupported nonlinearity '{nonlinearity}'; allowed: {string.Join(", ", Nonlinearities)}.",
                    nameof(nonlinearity));
        }
    }
}
