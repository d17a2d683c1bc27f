using TfInit.Nonlinearities;
using TfInit.Numerics;

namespace TfInit.Initializers;

/// <summary>
/// Gains for nonlinearities: PyTorch's <c>nn.init.calculate_gain</c> table (<see cref="Calculate"/>), and the gain of any
/// elementwise activation computed from its definition (<see cref="Compute(Func{double, double})"/>).
/// </summary>
public static class Gain
{
    // Beyond |z| = 30 the standard normal density is below 1e-195: the tails there add nothing unless f(z)^2 grows
    // like exp(z^2 / 2), and then E[f(z)^2] is infinite, which the check at the bounds reports.
    private const double Bound = 30;

    // E[f(z)^2] to this relative error bounds the gain's relative error by half of it, well inside 1e-10.
    private const double Tolerance = 1e-13;

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

    /// <summary>
    /// He initialization for any activation: <c>VarianceScaling(scale = Compute(activation)^2, mode = "fan_in",
    /// distribution = "truncated_normal")</c>, so Var(W) = gain^2 / fan_in as He et al. (2015) derive for relu
    /// (for relu it is <see cref="HeNormal"/>'s setting, scale 2, up to rounding). The CLI's shorthand
    /// <c>he_for:NAME</c> means this.
    /// </summary>
    /// <param name="activation">One of <see cref="ScalarActivations.Names"/>.</param>
    /// <param name="seed">The initializer's seed (0 to 2^32 - 1), or null.</param>
    /// <returns>The initializer.</returns>
    /// <exception cref="ArgumentException">An unknown activation or a seed out of range.</exception>
    public static VarianceScaling HeFor(string activation, long? seed = null)
    {
        double gain = Compute(activation);
        return new VarianceScaling(gain * gain, "fan_in", "truncated_normal", seed);
    }

    /// <summary>
    /// The gain of a Keras activation by name, computed by <see cref="Compute(Func{double, double})"/>: relu sqrt(2),
    /// linear 1, selu 1, tanh 1.5925 (PyTorch's table says 5/3), gelu 1.5335, swish/silu 1.6765, sigmoid 1.8462
    /// (PyTorch: 1; the second moment counts sigmoid's mean of 1/2), ...
    /// </summary>
    /// <param name="activation">One of <see cref="ScalarActivations.Names"/>.</param>
    /// <returns>The gain.</returns>
    /// <exception cref="ArgumentException">An unknown activation (the message lists the valid ones).</exception>
    public static double Compute(string activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        Func<double, double> f;
        try
        {
            f = ScalarActivations.Get(activation);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(e.Message, nameof(activation), e);
        }

        return Compute(f);
    }

    /// <summary>
    /// The gain that keeps a standard-normal pre-activation's second moment through <paramref name="activation"/>:
    /// gain = 1 / sqrt(E[f(z)^2]) for z ~ N(0, 1), so that Var(W) = gain^2 / fan_in gives the next layer's
    /// pre-activations unit variance (He et al., "Delving Deep into Rectifiers", 2015, eq. 10 generalized; it is
    /// sqrt(2) for relu). E[f(z)^2] = integral of f(z)^2 phi(z) over [-30, 0] and [0, 30] (split at 0, where relu-like
    /// functions bend), each by adaptive Gauss-Kronrod 7/15 quadrature to a relative error estimate of 1e-13, so the gain
    /// is good to better than 1e-10 relative.
    /// </summary>
    /// <param name="activation">Any elementwise function, finite on [-30, 30].</param>
    /// <returns>The gain.</returns>
    /// <exception cref="ArgumentException">The function is non-finite somewhere on [-30, 30], is zero almost everywhere,
    /// or E[f(z)^2] does not converge.</exception>
    public static double Compute(Func<double, double> activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        double Integrand(double z)
        {
            double v = activation(z);
            return v * v * NormalDistribution.Density(z);
        }

        var lower = GaussKronrod.Integrate(Integrand, -Bound, 0, Tolerance);
        var upper = GaussKronrod.Integrate(Integrand, 0, Bound, Tolerance);
        double moment = lower.Value + upper.Value;
        if (!double.IsFinite(moment))
        {
            throw new ArgumentException(
                $"The activation is not finite everywhere on [-{Bound}, {Bound}]: E[f(z)^2] cannot be computed.", nameof(activation));
        }

        if (moment <= 0)
        {
            throw new ArgumentException("The activation is zero almost everywhere (E[f(z)^2] = 0): no gain keeps its variance.",
                nameof(activation));
        }

        // A function whose f(z)^2 phi(z) has not died out at the bounds has an infinite (or truncated) E[f(z)^2].
        double edge = Math.Max(Integrand(-Bound), Integrand(Bound));
        if (!(lower.Converged && upper.Converged) || edge > 1e-20 * moment)
        {
            throw new ArgumentException(
                $"E[f(z)^2] for z ~ N(0, 1) does not converge for this activation (estimate {moment:G6}): it grows too fast.",
                nameof(activation));
        }

        return 1 / Math.Sqrt(moment);
    }
}
