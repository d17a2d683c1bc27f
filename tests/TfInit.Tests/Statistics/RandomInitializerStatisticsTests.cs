using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Statistics;

/// <summary>
/// Every element-wise random initializer, on a Dense kernel [256, 128] (N = 32768) and a Conv2D kernel
/// [3, 3, 32, 64] (N = 18432), drawn from the default Philox stream: sample mean, variance, shape (mass within
/// one sigma) and bounds against the distribution the formula prescribes. Tolerances are derived from N and
/// stated in <see cref="SampleAssert"/> (5 standard errors for mean and variance, using the right fourth moment
/// for normal, uniform and truncated normal laws).
/// <para>
/// Expected laws are written here from the Keras / PyTorch / JAX definitions (DESIGN.md), with the fans typed in
/// as numbers: Dense [in, out] = [256, 128] gives fan_in 256, fan_out 128; Conv [kh, kw, in, out] = [3, 3, 32, 64]
/// has receptive field 9, so fan_in 288 and fan_out 576. Keras VarianceScaling: s = scale / max(1, n);
/// truncated_normal draws N(0, (sqrt(s) / 0.87962566103423978)^2) cut at +-2 of that stddev; untruncated_normal
/// N(0, s); uniform U[-sqrt(3 s), sqrt(3 s)).
/// </para>
/// </summary>
public sealed class RandomInitializerStatisticsTests
{
    /// <summary>The standard deviation of N(0, 1) cut at +-2, from DESIGN.md (checked by integration below).</summary>
    private const double TruncatedStdCorrection = 0.87962566103423978;

    private static readonly Dictionary<string, Case> Cases = BuildCases();

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (string name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SampleMatchesFormula(string name)
    {
        var c = Cases[name];
        var initializer = c.Create();
        double[] values = initializer.Generate(c.Shape);
        SampleAssert.MatchesLaw(values, c.Law, name);
    }

    [Fact]
    public void TruncationCorrectionIsTheStdOfTheStandardNormalCutAtTwo()
    {
        // Independent check of DESIGN.md's constant: sqrt(Var[Z | |Z| <= 2]) by numerical integration.
        var law = new TruncatedNormalLaw(0, 1, -2, 2);
        Assert.Equal(TruncatedStdCorrection, Math.Sqrt(law.StandardizedVariance), 12);
    }

    [Fact]
    public void EveryElementwiseRandomClassHasACase()
    {
        // Every concrete random initializer in the library, except the three that transform a whole draw
        // (tested structurally in their own classes), must appear above: a new class needs a case.
        // NumPySnippet runs code: its statistics are numpy's, checked bit for bit in PythonNumPyLinesParityTests.
        string[] structured = ["DeltaOrthogonal", "Orthogonal", "Sparse", "NumPySnippet"];
        string[] expected = typeof(RandomInitializer).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(RandomInitializer)) && !t.IsAbstract && !structured.Contains(t.Name))
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        string[] covered = Cases.Values.Select(c => c.Create().GetType().Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, covered);
        Assert.Equal(18, covered.Length);
    }

    private static Dictionary<string, Case> BuildCases()
    {
        var cases = new Dictionary<string, Case>();
        long seed = 1000;
        void Add(string name, Func<long, Initializer> create, int[] shape, Law law)
        {
            long s = seed++;
            cases.Add(name, new Case(() => create(s), shape, law));
        }

        var shapes = new (string Tag, int[] Shape, double FanIn, double FanOut)[]
        {
            ("dense256x128", [256, 128], 256, 128),
            ("conv3x3x32x64", [3, 3, 32, 64], 288, 576),
        };

        foreach (var (tag, shape, fanIn, fanOut) in shapes)
        {
            double fanAvg = (fanIn + fanOut) / 2;
            double fanGeo = Math.Sqrt(fanIn * fanOut);

            // Keras RandomNormal / RandomUniform / TruncatedNormal (defaults and a shifted setting).
            Add($"RandomNormal_default_{tag}", s => new RandomNormal(seed: s), shape, new NormalLaw(0, 0.05));
            Add($"RandomNormal_0.3_0.2_{tag}", s => new RandomNormal(0.3, 0.2, s), shape, new NormalLaw(0.3, 0.2));
            Add($"RandomUniform_default_{tag}", s => new RandomUniform(seed: s), shape, new UniformLaw(-0.05, 0.05));
            Add($"RandomUniform_0.1_0.7_{tag}", s => new RandomUniform(0.1, 0.7, s), shape, new UniformLaw(0.1, 0.7));
            Add($"TruncatedNormal_default_{tag}", s => new TruncatedNormal(seed: s), shape, new TruncatedNormalLaw(0, 0.05, -0.1, 0.1));
            Add($"TruncatedNormal_1_0.5_{tag}", s => new TruncatedNormal(1.0, 0.5, s), shape, new TruncatedNormalLaw(1.0, 0.5, 0.0, 2.0));

            // VarianceScaling: every mode (with JAX's fan_geo_avg) x every distribution, scale 1.7.
            const double scale = 1.7;
            foreach (var (mode, n) in new[] { ("fan_in", fanIn), ("fan_out", fanOut), ("fan_avg", fanAvg), ("fan_geo_avg", fanGeo) })
            {
                foreach (string distribution in new[] { "truncated_normal", "untruncated_normal", "uniform" })
                {
                    Add($"VarianceScaling_{scale}_{mode}_{distribution}_{tag}",
                        s => new VarianceScaling(scale, mode, distribution, s), shape, KerasLaw(scale, n, distribution));
                }
            }

            // Keras presets.
            Add($"GlorotNormal_{tag}", s => new GlorotNormal(s), shape, KerasLaw(1.0, fanAvg, "truncated_normal"));
            Add($"GlorotUniform_{tag}", s => new GlorotUniform(s), shape,
                new UniformLaw(-Math.Sqrt(6 / (fanIn + fanOut)), Math.Sqrt(6 / (fanIn + fanOut))));
            Add($"HeNormal_{tag}", s => new HeNormal(s), shape, KerasLaw(2.0, fanIn, "truncated_normal"));
            Add($"HeUniform_{tag}", s => new HeUniform(s), shape, new UniformLaw(-Math.Sqrt(6 / fanIn), Math.Sqrt(6 / fanIn)));
            Add($"LecunNormal_{tag}", s => new LecunNormal(s), shape, KerasLaw(1.0, fanIn, "truncated_normal"));
            Add($"LecunUniform_{tag}", s => new LecunUniform(s), shape, new UniformLaw(-Math.Sqrt(3 / fanIn), Math.Sqrt(3 / fanIn)));

            // PyTorch xavier_*: bound gain * sqrt(6 / (in + out)), std gain * sqrt(2 / (in + out)).
            double xavierBound = Math.Sqrt(6 / (fanIn + fanOut));
            double xavierStd = Math.Sqrt(2 / (fanIn + fanOut));
            Add($"XavierUniform_gain1_{tag}", s => new XavierUniform(seed: s), shape, new UniformLaw(-xavierBound, xavierBound));
            Add($"XavierUniform_gain5over3_{tag}", s => new XavierUniform(5.0 / 3, s), shape,
                new UniformLaw(-5.0 / 3 * xavierBound, 5.0 / 3 * xavierBound));
            Add($"XavierNormal_gain1_{tag}", s => new XavierNormal(seed: s), shape, new NormalLaw(0, xavierStd));
            Add($"XavierNormal_gainSqrt2_{tag}", s => new XavierNormal(Math.Sqrt(2), s), shape, new NormalLaw(0, Math.Sqrt(2) * xavierStd));

            // PyTorch kaiming_*: std = gain / sqrt(fan), bound = sqrt(3) * std. Default a = 0 with leaky_relu: gain sqrt(2 / (1 + 0^2)).
            double leaky02 = Math.Sqrt(2 / (1 + (0.2 * 0.2)));
            Add($"KaimingUniform_default_{tag}", s => new KaimingUniform(seed: s), shape,
                new UniformLaw(-Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(fanIn), Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(fanIn)));
            Add($"KaimingUniform_a0.2_fanout_{tag}", s => new KaimingUniform(0.2, "fan_out", "leaky_relu", s), shape,
                new UniformLaw(-Math.Sqrt(3) * leaky02 / Math.Sqrt(fanOut), Math.Sqrt(3) * leaky02 / Math.Sqrt(fanOut)));
            Add($"KaimingNormal_default_{tag}", s => new KaimingNormal(seed: s), shape, new NormalLaw(0, Math.Sqrt(2) / Math.Sqrt(fanIn)));
            Add($"KaimingNormal_relu_fanout_{tag}", s => new KaimingNormal(0, "fan_out", "relu", s), shape,
                new NormalLaw(0, Math.Sqrt(2) / Math.Sqrt(fanOut)));
            Add($"KaimingNormal_tanh_{tag}", s => new KaimingNormal(0, "fan_in", "tanh", s), shape,
                new NormalLaw(0, 5.0 / 3 / Math.Sqrt(fanIn)));

            // TF 1.x (TF 1.15 init_ops.py UniformUnitScaling.__call__): limit sqrt(3 / prod(shape[:-1])) * factor;
            // prod(shape[:-1]) is 256 for the dense kernel and 3 * 3 * 32 = 288 for the conv kernel, i.e. fanIn here.
            Add($"UniformUnitScaling_default_{tag}", s => new UniformUnitScaling(seed: s), shape, new UniformLaw(-Math.Sqrt(3 / fanIn), Math.Sqrt(3 / fanIn)));
            Add($"UniformUnitScaling_1.43_{tag}", s => new UniformUnitScaling(1.43, s), shape,
                new UniformLaw(-Math.Sqrt(3 / fanIn) * 1.43, Math.Sqrt(3 / fanIn) * 1.43));

            // TF 1.x contrib (initializers.py variance_scaling_initializer): normal = N(0, 1.3 * factor / n) cut at
            // 2 of its stddev, uniform limit sqrt(3 * factor / n).
            double contribStd = Math.Sqrt(1.3 * 2.0 / fanIn);
            Add($"ContribVarianceScaling_default_{tag}", s => new ContribVarianceScaling(seed: s), shape,
                new TruncatedNormalLaw(0, contribStd, -2 * contribStd, 2 * contribStd));
            double contribOutStd = Math.Sqrt(1.3 * 0.5 / fanOut);
            Add($"ContribVarianceScaling_0.5_FAN_OUT_{tag}", s => new ContribVarianceScaling(0.5, "FAN_OUT", false, s), shape,
                new TruncatedNormalLaw(0, contribOutStd, -2 * contribOutStd, 2 * contribOutStd));
            Add($"ContribVarianceScaling_1_FAN_AVG_uniform_{tag}", s => new ContribVarianceScaling(1.0, "FAN_AVG", true, s), shape,
                new UniformLaw(-Math.Sqrt(3 / fanAvg), Math.Sqrt(3 / fanAvg)));
            Add($"XavierInitializer_uniform_{tag}", s => new XavierInitializer(true, s), shape,
                new UniformLaw(-Math.Sqrt(6 / (fanIn + fanOut)), Math.Sqrt(6 / (fanIn + fanOut))));
            double xavierTfStd = Math.Sqrt(2.6 / (fanIn + fanOut));
            Add($"XavierInitializer_normal_{tag}", s => new XavierInitializer(false, s), shape,
                new TruncatedNormalLaw(0, xavierTfStd, -2 * xavierTfStd, 2 * xavierTfStd));

            // PyTorch trunc_normal_: absolute cut-offs, no variance correction.
            Add($"TruncNormal_default_{tag}", s => new TruncNormal(seed: s), shape, new TruncatedNormalLaw(0, 1, -2, 2));
            Add($"TruncNormal_0.5_0.3_0_1.5_{tag}", s => new TruncNormal(0.5, 0.3, 0.0, 1.5, s), shape, new TruncatedNormalLaw(0.5, 0.3, 0.0, 1.5));
            Add($"TruncNormal_0_1_-0.5_3_{tag}", s => new TruncNormal(0, 1, -0.5, 3, s), shape, new TruncatedNormalLaw(0, 1, -0.5, 3));
        }

        // PyTorch layout [out, in, ..spatial]: Linear [128, 256] has fan_in 256, fan_out 128;
        // Conv2d [64, 32, 3, 3] has fan_in 32 * 9 = 288, fan_out 64 * 9 = 576.
        Add("KaimingNormal_torch_linear128x256", s => new KaimingNormal(seed: s) { Layout = FanLayout.Torch }, [128, 256],
            new NormalLaw(0, Math.Sqrt(2) / Math.Sqrt(256)));
        Add("KaimingNormal_torch_conv64x32x3x3", s => new KaimingNormal(seed: s) { Layout = FanLayout.Torch }, [64, 32, 3, 3],
            new NormalLaw(0, Math.Sqrt(2) / Math.Sqrt(288)));
        Add("KaimingUniform_torch_fanout_conv64x32x3x3", s => new KaimingUniform(0, "fan_out", "relu", s) { Layout = FanLayout.Torch }, [64, 32, 3, 3],
            new UniformLaw(-Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(576), Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(576)));
        Add("XavierNormal_torch_conv64x32x3x3", s => new XavierNormal(seed: s) { Layout = FanLayout.Torch }, [64, 32, 3, 3],
            new NormalLaw(0, Math.Sqrt(2.0 / (288 + 576))));
        Add("VarianceScaling_torch_fanin_uniform_linear128x256", s => new VarianceScaling(1.0, "fan_in", "uniform", s) { Layout = FanLayout.Torch },
            [128, 256], new UniformLaw(-Math.Sqrt(3.0 / 256), Math.Sqrt(3.0 / 256)));
        Add("HeNormal_torch_conv64x32x3x3", s => new HeNormal(s) { Layout = FanLayout.Torch }, [64, 32, 3, 3],
            KerasLaw(2.0, 288, "truncated_normal"));

        // JAX explicit axes: in_axis=1, out_axis=0 on [128, 256] gives fan_in 256; a batch axis leaves the receptive
        // field: [8, 3, 3, 16, 32] with batch_axis=(0,) has rf 9, fan_in 144, fan_out 288, fan_avg 216.
        Add("VarianceScaling_axes_in1_out0_dense128x256", s => new VarianceScaling(2.0, "fan_in", "untruncated_normal", s) { Axes = new FanAxes(1, 0) },
            [128, 256], new NormalLaw(0, Math.Sqrt(2.0 / 256)));
        Add("VarianceScaling_axes_batch0_conv8x3x3x16x32", s => new VarianceScaling(1.0, "fan_avg", "uniform", s) { Axes = new FanAxes(-2, -1, 0) },
            [8, 3, 3, 16, 32], new UniformLaw(-Math.Sqrt(3.0 / 216), Math.Sqrt(3.0 / 216)));
        Add("VarianceScaling_axes_fangeo_batch0_conv8x3x3x16x32", s => new VarianceScaling(1.0, "fan_geo_avg", "truncated_normal", s) { Axes = new FanAxes(-2, -1, 0) },
            [8, 3, 3, 16, 32], KerasLaw(1.0, Math.Sqrt(144.0 * 288), "truncated_normal"));
        return cases;
    }

    /// <summary>Keras VarianceScaling's law for scale and fan n (s = scale / max(1, n)).</summary>
    private static Law KerasLaw(double scale, double n, string distribution)
    {
        double s = scale / Math.Max(1, n);
        switch (distribution)
        {
            case "truncated_normal":
                double std = Math.Sqrt(s) / TruncatedStdCorrection;
                return new TruncatedNormalLaw(0, std, -2 * std, 2 * std);
            case "untruncated_normal":
                return new NormalLaw(0, Math.Sqrt(s));
            default:
                double limit = Math.Sqrt(3 * s);
                return new UniformLaw(-limit, limit);
        }
    }

    private sealed record Case(Func<Initializer> Create, int[] Shape, Law Law);
}
