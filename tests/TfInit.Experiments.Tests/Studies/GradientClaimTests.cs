using TfInit.Analysis;
using TfInit.Experiments.Studies;
using TfInit.Keras.Studies;

namespace TfInit.Experiments.Tests.Studies;

/// <summary>
/// The claims about the backward pass, measured first with numpy (notebooks/python/cs231n_activations.py, the
/// cs231n network, seeds 1-3): the study on the same NumPy stream must reproduce them. Each range is numpy's spread
/// over seeds 1-3 widened by about 10% on each side: the study matches numpy to 1e-9 on these streams (the parity
/// test), so the ranges catch a wrong loss, a wrong G or a wrong derivative, which move the ratios by factors.
/// </summary>
public sealed class GradientClaimTests
{
    // (activation, init, grad_std layer 1 / layer 10 range, forward std layer 10 / layer 1 range, verdict).
    public static TheoryData<string, string, double, double, double, double, string> Claims => new()
    {
        // numpy: grad 1.383e-6 to 1.434e-6; forward the same.
        { "tanh", "small", 1.2e-6, 1.6e-6, 1.2e-6, 1.6e-6, "vanishing" },
        // numpy: grad 7.34e4 to 7.65e4 (saturated forward, exploding backward); forward 0.9995 to 0.9998.
        { "tanh", "large", 6.5e4, 8.5e4, 0.99, 1.01, "saturated" },
        // numpy: grad 0.3915 to 0.3994; forward 0.3618 to 0.3705.
        { "tanh", "xavier", 0.35, 0.44, 0.33, 0.40, "healthy" },
        // numpy: grad 0.0430 to 0.0452; forward 0.0384 to 0.0498.
        { "relu", "xavier", 0.039, 0.050, 0.034, 0.055, "vanishing" },
        // numpy: grad 0.972 to 1.023; forward 0.869 to 1.128.
        { "relu", "he", 0.87, 1.13, 0.78, 1.24, "healthy" },
    };

    [Theory]
    [MemberData(nameof(Claims))]
    public void RatiosAndVerdictsAsMeasuredInNumpy(string activation, string init, double gradLow, double gradHigh,
        double forwardLow, double forwardHigh, string verdict)
    {
        foreach (long seed in new long[] { 1, 2, 3 })
        {
            var result = Run(activation, init, seed);
            double grad = result.Gradients[0].GradStd / result.Gradients[^1].GradStd;
            double forward = result.Layers[^1].Std / result.Layers[0].Std;
            Assert.True(grad >= gradLow && grad <= gradHigh, $"seed {seed}: grad_std 1/10 = {grad:G4}, claimed [{gradLow}, {gradHigh}]");
            Assert.True(forward >= forwardLow && forward <= forwardHigh, $"seed {seed}: std 10/1 = {forward:G4}, claimed [{forwardLow}, {forwardHigh}]");
            Assert.Equal(verdict, result.Diagnosis.Name);
        }
    }

    [Fact]
    public void WithTanhSmallTheWeightGradientsStayFlatWhileTheSignalVanishes()
    {
        // numpy: weight_grad_std layer 1 / layer 10 = 1.002 to 1.021 (small inputs times a large back-propagated
        // signal), while grad_std falls by 1.4e-6. The report says so rather than "every parameter gradient vanishes".
        foreach (long seed in new long[] { 1, 2, 3 })
        {
            var result = Run("tanh", "small", seed);
            double weights = result.Gradients[0].WeightGradStd / result.Gradients[^1].WeightGradStd;
            Assert.InRange(weights, 0.9, 1.1);
        }
    }

    [Fact]
    public void TheTopLayerReceivesGOverN()
    {
        // dLoss/dH_L = G / N with G standard normal: std 1/1000 up to the sampling error of 500 000 values (0.1%).
        var result = Run("relu", "he", 7);
        Assert.InRange(result.Gradients[^1].GradStd, 0.001 * 0.995, 0.001 * 1.005);
    }

    private static StudyResult Run(string activation, string init, long seed)
    {
        var initializer = init switch
        {
            "small" => StudyPresets.Small(),
            "large" => StudyPresets.Large(),
            "xavier" => StudyPresets.Xavier(),
            _ => StudyPresets.He(),
        };
        return Study.Run(new StudySpec(activation, initializer, 1000, 500, Enumerable.Repeat(500, 10).ToArray(),
            Float64: true, Seed: seed, NumPyStream: true));
    }
}
