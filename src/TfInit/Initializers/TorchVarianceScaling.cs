using TfInit.Random;

namespace TfInit.Initializers;

/// <summary>
/// Base of PyTorch's Xavier and Kaiming initializers, which are VarianceScaling with scale = gain^2:
/// std = gain * sqrt(1 / n), uniform bound = sqrt(3) * std. Like PyTorch they refuse tensors of rank &lt; 2.
/// </summary>
public abstract class TorchVarianceScaling : VarianceScaling
{
    /// <summary>PyTorch's default negative slope <c>a</c> of kaiming_uniform_ and kaiming_normal_.</summary>
    private protected const double DefaultSlope = 0.0;

    /// <summary>PyTorch's default mode of kaiming_uniform_ and kaiming_normal_.</summary>
    private protected const string DefaultKaimingMode = "fan_in";

    /// <summary>PyTorch's default nonlinearity of kaiming_uniform_ and kaiming_normal_.</summary>
    private protected const string DefaultNonlinearity = "leaky_relu";

    /// <summary>Fixes the setting.</summary>
    /// <param name="gain">The gain; finite and &gt; 0.</param>
    /// <param name="mode">fan_in, fan_out or fan_avg.</param>
    /// <param name="distribution">untruncated_normal or uniform.</param>
    /// <param name="seed">0 to 2^32 - 1, or null.</param>
    private protected TorchVarianceScaling(double gain, string mode, string distribution, long? seed)
        : base(GainSquared(gain), mode, distribution, seed)
    {
    }

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    protected override void Draw(Span<double> destination, ReadOnlySpan<int> shape, RandomStream stream)
    {
        Check.Rank(shape, 2, int.MaxValue, ClassName);
        base.Draw(destination, shape, stream);
    }

    /// <summary>Checks a PyTorch mode: fan_in or fan_out.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>The mode.</returns>
    /// <exception cref="ArgumentException">Any other mode.</exception>
    private protected static string TorchMode(string mode) => mode is "fan_in" or "fan_out"
        ? mode
        : throw new ArgumentException($"Unknown mode '{mode}'; allowed: fan_in, fan_out.", nameof(mode));

    /// <summary>The gain of a rectifier with negative slope <paramref name="a"/>; a slope so large that the gain is 0 is refused naming <c>a</c>.</summary>
    private protected static double SlopeGain(string nonlinearity, double a)
    {
        double gain = Initializers.Gain.Calculate(nonlinearity, a);
        return gain > 0 && double.IsFinite(gain)
            ? gain
            : throw new ArgumentOutOfRangeException(nameof(a), a,
                $"a={a:R} gives {nonlinearity}'s gain {gain:R}; the slope must keep the gain finite and above 0 (|a| well below 1e150).");
    }

    private static double GainSquared(double gain)
    {
        Check.Positive(gain, nameof(gain));
        double squared = gain * gain;
        return double.IsFinite(squared) && squared > 0
            ? squared
            : throw new ArgumentOutOfRangeException(nameof(gain), gain,
                $"gain={gain:R} squares to {squared:R}, outside double's range; the gain must lie within 1e-150 to 1e150.");
    }
}
