using TfInit.Analysis;
using TfInit.Initializers;
using TfInit.Experiments.Studies;
using TfInit.Keras.Studies;

namespace TfInit.Experiments.Tests.Studies;

/// <summary>The verdicts of the default runs (Philox stream, seed 1), as the issue lists them, and an overflow.</summary>
public sealed class VerdictTests(PresetRuns runs) : IClassFixture<PresetRuns>
{
    [Fact]
    public void Cs231nPresetIsVanishingSaturatedHealthyVanishingHealthy()
    {
        Assert.Equal(["vanishing", "saturated", "healthy", "vanishing", "healthy"], runs.Cs231n.Select(r => r.Diagnosis.Name));
    }

    [Fact]
    public void BlogSmallGaussianWithBatchNormAndReluIsHealthy()
    {
        var run = Assert.Single(runs.Blog, r => r.Spec.BatchNorm);
        Assert.Equal("relu", run.Spec.Activation);
        Assert.Equal(Verdict.Healthy, run.Diagnosis.Verdict);
        // numpy (float32 like the preset, seeds 1-3): the gradient grows by 1.149-1.150 per layer going down, inside 1.25.
        Assert.InRange(run.Diagnosis.BackwardRate!.Value, 1.05, 1.22);
    }

    [Fact]
    public void AnOverflowIsExplodingAndNeverANumber()
    {
        // The fuzzer's case (issue 17): relu layers with stddev 1e4 overflow float32 to Infinity by layer 10.
        var spec = new StudySpec("relu", new RandomNormal(0, 10000), 100, 100, Enumerable.Repeat(100, 12).ToArray());
        var result = Study.Run(spec);
        Assert.Equal(Verdict.Exploding, result.Diagnosis.Verdict);
        Assert.Contains("non-finite", result.Diagnosis.Reason, StringComparison.Ordinal);
    }
}
