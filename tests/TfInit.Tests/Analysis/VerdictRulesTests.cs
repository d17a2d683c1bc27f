using TfInit.Analysis;

namespace TfInit.Tests.Analysis;

/// <summary>The documented verdict rules, each on made-up layers just inside and just outside its threshold.</summary>
public sealed class VerdictRulesTests
{
    // A ten-layer net whose forward std and gradient std change by the given factor per layer (gradients are measured
    // from the top down: grad_std at layer 1 = factor^9 * grad_std at layer 10).
    private static LayerSignal[] Net(double forward, double backward, double saturated = 0, double zero = 0, int layers = 10) =>
        Enumerable.Range(0, layers).Select(i => new LayerSignal(
            Math.Pow(forward, i), saturated, zero, 1e-3 * Math.Pow(backward, layers - 1 - i), 1e-4, 1e-2)).ToArray();

    [Theory]
    [InlineData(1.0, 1.0, Verdict.Healthy)]
    [InlineData(0.81, 1.0, Verdict.Healthy)]
    [InlineData(0.79, 1.0, Verdict.Vanishing)]
    [InlineData(1.24, 1.0, Verdict.Healthy)]
    [InlineData(1.26, 1.0, Verdict.Exploding)]
    [InlineData(1.0, 0.79, Verdict.Vanishing)]
    [InlineData(1.0, 1.26, Verdict.Exploding)]
    [InlineData(0.5, 2.0, Verdict.Vanishing)] // the forward rate is looked at first
    public void RatesDecideWhenNoForwardPathology(double forward, double backward, Verdict expected)
    {
        var diagnosis = VerdictRules.Judge(Net(forward, backward));
        Assert.Equal(expected, diagnosis.Verdict);
        Assert.Equal(forward, diagnosis.ForwardRate!.Value, 1e-12);
        Assert.Equal(backward, diagnosis.BackwardRate!.Value, 1e-12);
    }

    [Fact]
    public void SaturationBeatsTheRates()
    {
        Assert.Equal(Verdict.Saturated, VerdictRules.Judge(Net(1.0, 3.5, saturated: 0.51)).Verdict);
        Assert.Equal(Verdict.Exploding, VerdictRules.Judge(Net(1.0, 3.5, saturated: 0.5)).Verdict);
    }

    [Fact]
    public void DeadBeatsTheRatesAndAConstantLayerIsDead()
    {
        Assert.Equal(Verdict.Dead, VerdictRules.Judge(Net(0.5, 1.0, zero: 0.9)).Verdict);
        Assert.Equal(Verdict.Vanishing, VerdictRules.Judge(Net(0.5, 1.0, zero: 0.89)).Verdict);
        var constant = Net(1.0, 1.0);
        constant[3] = constant[3] with { Std = 0 };
        var diagnosis = VerdictRules.Judge(constant);
        Assert.Equal(Verdict.Dead, diagnosis.Verdict);
        Assert.Contains("layer 4", diagnosis.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SaturationIsTriedBeforeDeath()
    {
        Assert.Equal(Verdict.Saturated, VerdictRules.Judge(Net(1.0, 1.0, saturated: 0.6, zero: 0.95)).Verdict);
    }

    [Fact]
    public void AnyNonFiniteValueOrLossIsExplodingAndSaysSo()
    {
        var layers = Net(1.0, 1.0);
        layers[7] = layers[7] with { GradStd = double.NaN };
        var diagnosis = VerdictRules.Judge(layers);
        Assert.Equal(Verdict.Exploding, diagnosis.Verdict);
        Assert.Contains("1 of 10 layers", diagnosis.Reason, StringComparison.Ordinal);
        Assert.Null(diagnosis.ForwardRate);

        layers = Net(1.0, 1.0, saturated: 0.9);
        layers[0] = layers[0] with { Std = double.PositiveInfinity };
        Assert.Equal(Verdict.Exploding, VerdictRules.Judge(layers).Verdict);
        Assert.Contains("loss", VerdictRules.Judge(Net(1.0, 1.0), lossIsFinite: false).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OneLayerHasNoRates()
    {
        var diagnosis = VerdictRules.Judge(Net(1.0, 1.0, layers: 1));
        Assert.Equal(Verdict.Healthy, diagnosis.Verdict);
        Assert.Null(diagnosis.BackwardRate);
        Assert.Equal(Verdict.Dead, VerdictRules.Judge(Net(1.0, 1.0, zero: 1, layers: 1)).Verdict);
    }

    [Fact]
    public void AGradientThatUnderflowsToZeroIsVanishing()
    {
        var layers = Net(1.0, 1.0);
        layers[0] = layers[0] with { GradStd = 0 };
        Assert.Equal(Verdict.Vanishing, VerdictRules.Judge(layers).Verdict);
    }

    [Fact]
    public void NamesAreTheLowerCaseWordsOfTheContract()
    {
        Assert.Equal(["healthy", "vanishing", "exploding", "saturated", "dead"], Enum.GetValues<Verdict>().Select(VerdictRules.Name));
        Assert.Equal(6, VerdictRules.Rules.Count);
        Assert.Throws<ArgumentException>(() => VerdictRules.Judge([]));
    }
}
