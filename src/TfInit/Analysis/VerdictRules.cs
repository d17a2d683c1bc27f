using System.Globalization;

namespace TfInit.Analysis;

/// <summary>
/// The verdict on a network at initialization from its per-layer forward and backward statistics
/// (<see cref="LayerSignal"/>), in the spirit of Glorot and Bengio, "Understanding the difficulty of training deep
/// feedforward neural networks" (2010), and He et al., "Delving Deep into Rectifiers" (2015): a good initialization
/// keeps both the activations' and the back-propagated gradients' variance from layer to layer. The rules are tried in
/// order (see <see cref="Rules"/>); forward pathologies come before the rates.
/// </summary>
public static class VerdictRules
{
    /// <summary>A layer with more than this fraction of saturated outputs makes the run <see cref="Verdict.Saturated"/>.</summary>
    public const double SaturatedFraction = 0.5;

    /// <summary>A layer with at least this fraction of outputs exactly 0 makes the run <see cref="Verdict.Dead"/> (ReLU's is about 0.5).</summary>
    public const double DeadFraction = 0.9;

    /// <summary>A per-layer rate below this is <see cref="Verdict.Vanishing"/>: the std shrinks by 20% or more per layer on average.</summary>
    public const double VanishingRate = 0.8;

    /// <summary>A per-layer rate above this is <see cref="Verdict.Exploding"/>: the std grows by 25% or more per layer on average.</summary>
    public const double ExplodingRate = 1.25;

    /// <summary>The rules in the order they are tried, one line each, for help texts and reports.</summary>
    public static IReadOnlyList<string> Rules { get; } =
    [
        "exploding: a statistic, the loss or a gradient is not finite (an overflow; the table says which values are not numbers)",
        string.Create(CultureInfo.InvariantCulture,
            $"saturated: in some layer more than {SaturatedFraction:P0} of the outputs are within 1% of a tanh/sigmoid bound"),
        string.Create(CultureInfo.InvariantCulture,
            $"dead: in some layer at least {DeadFraction:P0} of the outputs are exactly 0, or all outputs are equal (std 0)"),
        string.Create(CultureInfo.InvariantCulture,
            $"vanishing / exploding: the forward rate (std_L / std_1)^(1/(L-1)) is below {VanishingRate} / above {ExplodingRate}"),
        string.Create(CultureInfo.InvariantCulture,
            $"vanishing / exploding: the backward rate (grad_std_1 / grad_std_L)^(1/(L-1)) is below {VanishingRate} / above {ExplodingRate}"),
        "healthy: none of the above (a one-layer net has no rates: only the first three rules apply)",
    ];

    /// <summary>The verdict's lower-case name: healthy, vanishing, exploding, saturated or dead.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns>The name.</returns>
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Healthy => "healthy",
        Verdict.Vanishing => "vanishing",
        Verdict.Exploding => "exploding",
        Verdict.Saturated => "saturated",
        Verdict.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Not a verdict."),
    };

    /// <summary>Applies <see cref="Rules"/> to the layers of one run, first to last.</summary>
    /// <param name="layers">One entry per layer, input side first; at least one.</param>
    /// <param name="lossIsFinite">Whether the loss the gradients come from is finite.</param>
    /// <returns>The verdict, the reason and the rates.</returns>
    /// <exception cref="ArgumentException">No layers.</exception>
    public static Diagnosis Judge(IReadOnlyList<LayerSignal> layers, bool lossIsFinite = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A verdict needs at least one layer.", nameof(layers));
        }

        int notFinite = layers.Count(l => !l.IsFinite);
        if (!lossIsFinite || notFinite > 0)
        {
            return new Diagnosis(Verdict.Exploding, string.Create(CultureInfo.InvariantCulture,
                $"{(lossIsFinite ? "" : "the loss is not finite; ")}{notFinite} of {layers.Count} layers have non-finite statistics (overflow)"),
                null, null);
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].SaturatedFraction > SaturatedFraction)
            {
                return new Diagnosis(Verdict.Saturated, string.Create(CultureInfo.InvariantCulture,
                    $"layer {i + 1}: {layers[i].SaturatedFraction:P1} of the outputs are saturated"), null, null);
            }
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].ZeroFraction >= DeadFraction || layers[i].Std == 0)
            {
                return new Diagnosis(Verdict.Dead, string.Create(CultureInfo.InvariantCulture,
                    $"layer {i + 1}: {layers[i].ZeroFraction:P1} of the outputs are exactly 0{(layers[i].Std == 0 ? ", and all are equal" : "")}"),
                    null, null);
            }
        }

        if (layers.Count == 1)
        {
            return new Diagnosis(Verdict.Healthy, "one layer: not saturated, not dead", null, null);
        }

        double steps = layers.Count - 1;
        double forward = Math.Pow(layers[^1].Std / layers[0].Std, 1 / steps);
        double backward = Math.Pow(layers[0].GradStd / layers[^1].GradStd, 1 / steps);
        string rates = string.Create(CultureInfo.InvariantCulture, $"forward rate {forward:0.###}, backward rate {backward:0.###} per layer");
        var verdict = Rate(forward) ?? Rate(backward) ?? Verdict.Healthy;
        string which = verdict == Verdict.Healthy ? "" : Rate(forward) is not null ? " (forward)" : " (backward)";
        return new Diagnosis(verdict, rates + which, forward, backward);
    }

    // A rate of NaN (a top-layer gradient of exactly 0) says nothing; +infinity is an overflow of the ratio.
    private static Verdict? Rate(double rate) =>
        double.IsNaN(rate) ? null
        : rate < VanishingRate ? Verdict.Vanishing
        : rate > ExplodingRate ? Verdict.Exploding
        : null;
}
