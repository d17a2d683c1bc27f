using TfInit.Initializers;
using TfInit.Keras.Layers;

namespace TfInit.Keras.Tests;

/// <summary>
/// DESIGN.md: TorchSharp's xavier_normal_ draws a uniform distribution and its trunc_normal_ swaps mean and std
/// (with defaults every value is 1.0). Layers fill weights from the TfInit core, so neither defect may show up.
/// </summary>
public sealed class TorchSharpDefectTests
{
    private static (double Mean, double Std, double Kurtosis) Moments(double[] v)
    {
        double mean = v.Average();
        double m2 = v.Average(a => Math.Pow(a - mean, 2));
        double m4 = v.Average(a => Math.Pow(a - mean, 4));
        return (mean, Math.Sqrt(m2), m4 / (m2 * m2));
    }

    [Fact]
    public void XavierNormalKernelsAreNormalNotUniform()
    {
        var dense = new Dense(200, kernelInitializer: new XavierNormal(seed: 91));
        dense.Build([300]);
        var (mean, std, kurtosis) = Moments(TestData.Values(dense.Kernel));

        // n = 60,000 draws. A normal has kurtosis 3 (a uniform 1.8); the sample kurtosis has sd sqrt(24 / n) = 0.02,
        // so +-0.15 is 7 sd and still far from 1.8.
        Assert.InRange(kurtosis, 2.85, 3.15);
        // std = sqrt(2 / (300 + 200)) = 0.0632; the sample std's relative sd is 1 / sqrt(2n) = 0.3%, so 2% is ~7 sd.
        double expectedStd = Math.Sqrt(2.0 / 500);
        Assert.InRange(std, expectedStd * 0.98, expectedStd * 1.02);
        Assert.InRange(mean, -0.002, 0.002); // sd of the mean = 0.0632 / sqrt(60000) = 2.6e-4; 0.002 is ~8 sd
    }

    [Fact]
    public void TruncNormalKernelsAreNotConstant()
    {
        // PyTorch trunc_normal_ defaults: mean 0, std 1, cut at the absolute values -2 and 2, no variance correction.
        var dense = new Dense(100, kernelInitializer: new TruncNormal(seed: 92));
        dense.Build([100]);
        double[] v = TestData.Values(dense.Kernel);
        Assert.True(v.Distinct().Count() > 9_000, "the kernel is (nearly) constant"); // TorchSharp's bug gives all 1.0
        Assert.All(v, a => Assert.InRange(a, -2.0, 2.0));
        var (mean, std, _) = Moments(v);
        // N(0, 1) truncated to [-2, 2] has std 0.8796 (the constant Keras corrects by); n = 10,000: the sample std's
        // sd is ~0.6%, mean's sd 0.009; tolerances 3% and 0.05 are >= 5 sd.
        Assert.InRange(std, 0.8796 * 0.97, 0.8796 * 1.03);
        Assert.InRange(mean, -0.05, 0.05);
    }

    [Fact]
    public void KerasTruncatedNormalKernelsAreNotConstant()
    {
        var dense = new Dense(100, kernelInitializer: new TruncatedNormal(stddev: 0.05, seed: 93));
        dense.Build([100]);
        double[] v = TestData.Values(dense.Kernel);
        Assert.True(v.Distinct().Count() > 9_000, "the kernel is (nearly) constant");
        // Keras: redraw outside 2 stddev = 0.1 (float32 rounding can reach just past the double cut-off).
        Assert.All(v, a => Assert.InRange(a, -0.1000001, 0.1000001));
        var (mean, std, _) = Moments(v);
        Assert.InRange(std, 0.05 * 0.8796 * 0.97, 0.05 * 0.8796 * 1.03); // as above, scaled by 0.05
        Assert.InRange(mean, -0.0025, 0.0025);
    }

    [Fact]
    public void ConvKernelsFromTruncatedInitializersAreNotConstant()
    {
        // GlorotNormal is a truncated normal too; a Conv2D kernel goes through the same fill path.
        var conv = new Conv2D(16, (3, 3), kernelInitializer: new GlorotNormal(seed: 94));
        conv.Build([8, 8, 16]);
        double[] v = TestData.Values(conv.Kernel);
        Assert.True(v.Distinct().Count() > 2_000);
        // fan_in = fan_out = 3 * 3 * 16 = 144; std sqrt(2 / 288) = 0.0833 after the 0.8796 correction. n = 2,304:
        // the sample std's sd is ~1.5%, 8% is > 5 sd.
        double expectedStd = Math.Sqrt(2.0 / 288);
        var (_, std, _) = Moments(v);
        Assert.InRange(std, expectedStd * 0.92, expectedStd * 1.08);
    }
}
